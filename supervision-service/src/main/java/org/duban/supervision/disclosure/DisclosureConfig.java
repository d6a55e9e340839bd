package org.duban.supervision.disclosure;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code duban.disclosure.*}: who publishes (发布机构) and how the 索引号 of a catalogue entry begins. */
@ConfigMapping(prefix = "duban.disclosure")
public interface DisclosureConfig {

    /** 发布机构 of every entry. */
    @WithDefault("县人民政府督查室")
    String publisher();

    /** The first part of the 索引号 (usually the publisher's organisation code): {@code <code>/<year>-<00001>}. */
    @WithDefault("DUBAN-DCS")
    String organisationCode();
}
