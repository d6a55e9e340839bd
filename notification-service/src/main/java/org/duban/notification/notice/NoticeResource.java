package org.duban.notification.notice;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;

/** The notice types and a preview of each one's template with sample data. */
@Tag(name = "Notice types (通知类型)", description = "The notice types Duban sends and a preview of each template with sample data")
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
    @Operation(operationId = "listNoticeTypes", summary = "通知类型 — the notice types", description = "Every notice type (ASSIGNED 新交办任务, OVERDUE 任务逾期（催办）, WARNING 预警通知（红黄牌） …) with its label and template parameters. Admin, supervisor, leader.")
    @APIResponse(responseCode = "200", description = "The types",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = TypeView.class)))
    public List<TypeView> types() {
        return Arrays.stream(NoticeType.values())
                .map(t -> new TypeView(t.name(), t.label(), List.copyOf(t.sample().keySet()))).toList();
    }

    @GET
    @Path("/{type}/preview")
    @Operation(operationId = "previewNotice", summary = "通知预览 — preview a notice type", description = "The subject and text a notice type renders with its sample data, as a unit would receive it.")
    @APIResponse(responseCode = "200", description = "The rendered sample",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Preview.class), examples = { @ExampleObject(name = "ASSIGNED", value = """
            {"type": "ASSIGNED", "subject": "新交办任务：建设“互联网+督查”平台", "text": "……请于2021年12月31日前完成。", "sample": {"taskTitle": "建设“互联网+督查”平台", "taskNumber": "（一）", "role": "牵头单位", "due": "2021年12月31日前完成"}}""") }))
    @APIResponse(responseCode = "404", description = "No such notice type")
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
