package org.duban.notification.notice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;

/**
 * Renders notices from their Qute templates ({@code templates/notices/<TYPE>.txt}; first line = subject). Rendering
 * is strict (Quarkus' default): a parameter the template names but the data lacks is an error, not an empty string.
 */
@ApplicationScoped
public class Notices {

    /** A notice as a person reads it. */
    public record Rendered(String subject, String text) {
    }

    @Inject
    Engine engine;

    /** Template data from name/value pairs; a value an event left out (null) becomes empty text, not an error. */
    public static Map<String, String> params(String... namesAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            params.put(namesAndValues[i], namesAndValues[i + 1] == null ? "" : namesAndValues[i + 1]);
        }
        return params;
    }

    /**
     * One event about several units is one notice per unit: (event, unit) is the notice's id, so each unit's notice
     * happens once however often the event arrives.
     */
    public static java.util.UUID perUnit(java.util.UUID eventId, java.util.UUID unitId) {
        return java.util.UUID.nameUUIDFromBytes((eventId + ":" + unitId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Rendered render(NoticeType type, Map<String, ?> params) {
        return render(type, params, List.of());
    }

    /** @param items for {@link NoticeType#DIGEST}: the notices it lists */
    public Rendered render(NoticeType type, Map<String, ?> params, List<Rendered> items) {
        Template template = engine.getTemplate(type.template());
        if (template == null) {
            throw new IllegalStateException("no template " + type.template());
        }
        TemplateInstance instance = template.instance();
        params.forEach(instance::data);
        instance.data("items", items);
        String out = sentences(instance.render().strip());
        int newline = out.indexOf('\n');
        return newline < 0 ? new Rendered(out, "") : new Rendered(out.substring(0, newline).strip(), out.substring(newline + 1).strip());
    }

    /** A sentence mark doubled where a value that ends its own sentence meets the template's (理由：进度滞后。。). */
    private static final Pattern DOUBLED = Pattern.compile("([。！？；])[。；]+");

    /** One sentence mark where a filled-in value and the template each brought one. */
    static String sentences(String text) {
        return DOUBLED.matcher(text).replaceAll("$1");
    }

    /** The template filled with its sample data: what the preview endpoint shows. */
    public Rendered preview(NoticeType type) {
        List<Rendered> items = type == NoticeType.DIGEST
                ? List.of(render(NoticeType.ASSIGNED, NoticeType.ASSIGNED.sample()), render(NoticeType.OVERDUE, NoticeType.OVERDUE.sample()))
                : List.of();
        return render(type, type.sample(), items);
    }
}
