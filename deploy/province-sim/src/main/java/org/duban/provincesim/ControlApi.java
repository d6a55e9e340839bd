package org.duban.provincesim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * The control API for a person playing the province with curl ({@code /sim/…}, served only when
 * {@link Settings#controlApi()} is on, and like everything here bound to loopback by default). See README.md.
 */
final class ControlApi {

    private final ProvinceSim sim;

    ControlApi(ProvinceSim sim) {
        this.sim = sim;
    }

    void handle(HttpExchange ex) throws IOException {
        String[] parts = ex.getRequestURI().getRawPath().substring("/sim/".length()).split("/", -1);
        String action = parts[0];
        String arg = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        Map<String, String> q = ProvinceSim.query(ex.getRequestURI().getRawQuery());
        String method = ex.getRequestMethod();
        try {
            if (method.equals("GET")) {
                switch (action) {
                    case "received" -> json(ex, 200, received("true".equals(q.get("all")) ? sim.attempts() : sim.received()));
                    case "sent" -> json(ex, 200, sent());
                    case "mode" -> json(ex, 200, ProvinceSim.JSON.createObjectNode().put("mode", sim.mode().name()));
                    case "tasks" -> json(ex, 200, ProvinceSim.JSON.valueToTree(SeedTasks.all()));
                    default -> error(ex, 404, "no such control endpoint: GET /sim/" + action);
                }
                return;
            }
            if (!method.equals("POST")) {
                error(ex, 405, "control commands are POST (reads are GET)");
                return;
            }
            switch (action) {
                case "issue-seed" -> {
                    List<Answer> answers = sim.issueSeedTasks();
                    ObjectNode out = ProvinceSim.JSON.createObjectNode();
                    out.put("sent", answers.size());
                    out.put("ok", answers.stream().filter(Answer::ok).count());
                    ArrayNode list = out.putArray("answers");
                    answers.forEach(a -> list.add(answer(a)));
                    json(ex, 200, out);
                }
                case "issue" -> json(ex, 200, answer(sim.issue(required(arg, "provTaskId"))));
                case "urge" -> {
                    String replyBy = q.get("replyBy");
                    json(ex, 200, answer(sim.urge(required(arg, "provTaskId"), q.getOrDefault("reason", "请加快推进并按时反馈进度"),
                            replyBy == null ? null : LocalDateTime.parse(replyBy, Validation.INSTANT).atZone(ProvinceSim.BEIJING).toInstant())));
                }
                case "supervise" -> json(ex, 200, answer(sim.supervise(required(arg, "provTaskId"),
                        q.getOrDefault("level", "YELLOW").toUpperCase(Locale.ROOT), q.getOrDefault("reason", "进度滞后，予以督办"))));
                case "review" -> json(ex, 200, answer(sim.review(required(arg, "provTaskId"),
                        q.getOrDefault("result", "PASSED").toUpperCase(Locale.ROOT), q.get("remarks"))));
                case "extension" -> {
                    String deadline = q.get("deadline");
                    json(ex, 200, answer(sim.decideExtension(required(arg, "provTaskId"), required(q.get("requestMsgId"), "requestMsgId"),
                            Boolean.parseBoolean(q.getOrDefault("approved", "true")), deadline == null ? null : LocalDate.parse(deadline),
                            q.get("note"))));
                }
                case "revoke" -> json(ex, 200, answer(sim.revoke(required(arg, "provTaskId"), q.getOrDefault("reason", "任务调整，予以撤销"))));
                case "resend" -> json(ex, 200, answer(sim.resend(required(arg, "msgId"))));
                case "mode" -> {
                    Mode mode = Mode.valueOf(required(arg, "mode").toUpperCase(Locale.ROOT));
                    sim.mode(mode);
                    json(ex, 200, ProvinceSim.JSON.createObjectNode().put("mode", mode.name()));
                }
                case "release" -> {
                    sim.releaseHung();
                    json(ex, 200, ProvinceSim.JSON.createObjectNode().put("released", true));
                }
                case "clear" -> {
                    sim.clearRecords();
                    json(ex, 200, ProvinceSim.JSON.createObjectNode().put("cleared", true));
                }
                default -> error(ex, 404, "no such control endpoint: POST /sim/" + action);
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            error(ex, 400, e.getMessage());
        } catch (UncheckedIOException | IllegalStateException e) {
            error(ex, 502, e.getMessage());
        }
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": required");
        }
        return value;
    }

    private static ObjectNode answer(Answer a) {
        ObjectNode o = ProvinceSim.JSON.createObjectNode();
        o.put("sentMsgId", a.sentMsgId());
        o.put("msgType", a.envelope() == null ? null : a.envelope().path("msgType").asText());
        o.put("provTaskId", a.envelope() == null ? null : a.envelope().path("provTaskId").asText());
        o.put("status", a.status());
        if (a.code() != null) {
            o.put("code", a.code());
        }
        o.put("msg", a.msg());
        return o;
    }

    private static ArrayNode received(List<Received> list) {
        ArrayNode out = ProvinceSim.JSON.createArrayNode();
        for (Received r : list) {
            ObjectNode o = out.addObject();
            o.put("seq", r.seq());
            o.put("at", r.at().toString());
            o.put("outcome", r.outcome().name());
            o.put("status", r.status());
            if (r.code() != null) {
                o.put("code", r.code());
            }
            o.put("answer", r.answer());
            o.put("signatureVerified", r.signatureVerified());
            o.put("appKey", r.appKey());
            o.put("signMethod", r.signMethod());
            o.put("msgId", r.msgId());
            o.put("msgType", r.msgType());
            o.put("provTaskId", r.provTaskId());
            o.set("payload", r.payload());
        }
        return out;
    }

    private ArrayNode sent() {
        ArrayNode out = ProvinceSim.JSON.createArrayNode();
        for (ProvinceSim.Sent s : sim.sent()) {
            ObjectNode o = answer(s.answer());
            o.put("at", s.at().toString());
            out.add(o);
        }
        return out;
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        ProvinceSim.respond(ex, status, ProvinceSim.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        json(ex, status, ProvinceSim.JSON.createObjectNode().put("error", message));
    }
}
