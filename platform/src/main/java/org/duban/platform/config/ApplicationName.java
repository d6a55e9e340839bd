package org.duban.platform.config;

import io.smallrye.config.ConfigMapping;

/**
 * The service's name ({@code quarkus.application.name}, set by each service): the CloudEvents source of what it
 * publishes. Only {@code name} is read of Quarkus' own {@code quarkus.application.*}.
 */
@ConfigMapping(prefix = "quarkus.application")
public interface ApplicationName {

    String name();
}
