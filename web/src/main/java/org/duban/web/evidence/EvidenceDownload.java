package org.duban.web.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import io.quarkus.security.Authenticated;

import org.duban.web.api.ApiException;

/**
 * {@code GET /evidence/{id}}: a progress report's file, streamed through from task-service as the logged-in user;
 * {@code GET /evidence/rectification/{id}}: a rectification report's, from supervision-service. The service decides who may
 * read it (the supervision office, leaders, the file's unit, for a progress report also the task's lead unit) and answers
 * 404 to anyone else, as for an unknown id; the page then shows that refusal (403: 无权下载) and never a byte. The answer
 * keeps the service's headers: name (RFC 8187), length, ETag and Repr-Digest (SHA-256), nosniff and a sandbox policy.
 */
@Path("/evidence")
@Authenticated
public class EvidenceDownload {

    static final List<String> PASSED_ON = List.of("Content-Type", "Content-Length", "Content-Disposition", "ETag", "Repr-Digest",
            "X-Content-Type-Options", "Content-Security-Policy");

    @Inject
    EvidenceClient client;

    @GET
    @Path("/{id}")
    public Response download(@PathParam("id") UUID id) {
        return passOn(Owner.ASSIGNMENT, id);
    }

    @GET
    @Path("/rectification/{id}")
    public Response downloadRectificationFile(@PathParam("id") UUID id) {
        return passOn(Owner.RECTIFICATION, id);
    }

    private Response passOn(Owner owner, UUID id) {
        HttpResponse<InputStream> r;
        try {
            r = client.download(owner, id);
        } catch (EvidenceClient.Refused refused) {
            throw new ApiException(refused.refusal.status(), null, List.of());
        }
        if (r.statusCode() != 200) {
            close(r.body());
            int status = r.statusCode();
            // 404 is the service's answer to a reader it refuses as much as to an unknown id: a refusal either way
            throw status == 404 || status == 403 ? new ApiException(403, "无权下载此文件，或文件不存在", List.of())
                    : new ApiException(status, null, List.of());
        }
        InputStream body = r.body();
        StreamingOutput stream = out -> {
            try (InputStream in = body) {
                in.transferTo(out);
            }
        };
        Response.ResponseBuilder answer = Response.ok(stream).header("Cache-Control", "private, no-store");
        for (String header : PASSED_ON) {
            r.headers().firstValue(header).ifPresent(v -> answer.header(header, v));
        }
        return answer.build();
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was read from it
        }
    }
}
