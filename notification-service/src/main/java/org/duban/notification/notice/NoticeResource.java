package org.duban.notification.notice;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;

/** The notice types and a preview of each one's template with sample data. */
@Path("/api/notices/types")
@RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER })
public class NoticeResource {

    @Inject
    Notices notices;

    public record TypeView(String type, String label, List<String> parameters) {
    }

    public record Preview(String type, String subject, String text, Map<String, String> sample) {
    }

    @GET
    public List<TypeView> types() {
        return Arrays.stream(NoticeType.values())
                .map(t -> new TypeView(t.name(), t.label(), List.copyOf(t.sample().keySet()))).toList();
    }

    @GET
    @Path("/{type}/preview")
    public Preview preview(@PathParam("type") String type) {
        NoticeType known;
        try {
            known = NoticeType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw Problem.notFound("notice type " + type);
        }
        Notices.Rendered rendered = notices.preview(known);
        return new Preview(known.name(), rendered.subject(), rendered.text(), known.sample());
    }
}
