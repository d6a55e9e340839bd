package org.duban.web.api;

import java.net.URI;

import org.duban.web.config.WebConfig;

/** The services the pages read from and act through. */
public enum Service {
    UNIT, TASK, SUPERVISION, NOTIFICATION;

    URI base(WebConfig config) {
        return switch (this) {
            case UNIT -> config.services().unit();
            case TASK -> config.services().task();
            case SUPERVISION -> config.services().supervision();
            case NOTIFICATION -> config.services().notification();
        };
    }
}
