package org.duban.stack.attack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds a request for an operation from its OpenAPI description: path and required query parameters filled by type
 * (a UUID, a year, a date, the first enum value, …), a minimal body where one is required (its required fields filled
 * the same way), and sends it. Hand-written because no OpenAPI fuzzer for Java resolves here, and the rules are few.
 */
public final class Requests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer: status (-1 when the connection failed), content type and body text. */
    public record Answer(int status, String contentType, String body) {
        public boolean refused() {
            return status == 401 || status == 403;
        }

        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        public boolean success() {
            return status >= 200 && status < 300;
        }

        public String brief() {
            String text = body == null ? "" : body.replaceAll("\\s+", " ");
            return status + " " + (contentType == null ? "-" : contentType) + " " + (text.length() > 160 ? text.substring(0, 160) + "…" : text);
        }
    }

    private Requests() {
    }

    /**
     * The URI of an operation on a service: {@code ids} names the value of each UUID parameter by its name (a
     * function, so {@code unitId} can be the caller's unit and every other id a fresh or chosen one).
     */
    public static URI uri(URI base, Operation op, Function<String, String> ids) {
        String path = op.path();
        StringBuilder query = new StringBuilder();
        for (Operation.Parameter p : op.parameters()) {
            String value = value(p.name(), op.resolve(p.schema()), ids);
            if (p.in().equals("path")) {
                path = path.replace("{" + p.name() + "}", encode(value));
            } else if (p.required() || isId(p.name(), op.resolve(p.schema()))) {
                query.append(query.isEmpty() ? "?" : "&").append(encode(p.name())).append('=').append(encode(value));
            }
        }
        return base.resolve(path + query);
    }

    /** A UUID-typed (or id-named) parameter, which the matrix fills with chosen ids. */
    public static boolean isId(String name, JsonNode schema) {
        return "uuid".equals(schema.path("format").asText()) || (name.endsWith("Id") && schema.path("type").asText("string").equals("string")
                && !schema.has("enum"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A well-formed value for a parameter or field of this schema. */
    static String value(String name, JsonNode schema, Function<String, String> ids) {
        if (isId(name, schema)) {
            return ids.apply(name);
        }
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return schema.get("enum").get(0).asText();
        }
        String type = schema.path("type").asText("string");
        String format = schema.path("format").asText("");
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "integer", "number" -> lower.contains("year") ? "2026" : lower.equals("page") ? "0" : "1";
            case "boolean" -> "true";
            default -> switch (format) {
                case "date" -> "2026-06-30";
                case "date-time" -> "2026-06-30T00:00:00Z";
                default -> lower.contains("year") ? "2026" : lower.contains("month") || lower.contains("period") ? "2026-06" : "x";
            };
        };
    }

    /** The smallest JSON value of a schema that names its required fields (recursively, bounded). */
    public static JsonNode minimal(Operation op, JsonNode schema, Function<String, String> ids, int depth) {
        schema = op.resolve(schema);
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        if (depth > 6) {
            return NODES.nullNode();
        }
        switch (type) {
            case "object": {
                ObjectNode object = NODES.objectNode();
                for (JsonNode required : schema.path("required")) {
                    String field = required.asText();
                    object.set(field, field(op, field, schema.path("properties").path(field), ids, depth));
                }
                return object;
            }
            case "array": {
                ArrayNode array = NODES.arrayNode();
                if (schema.path("minItems").asInt(0) > 0) {
                    array.add(field(op, "item", schema.path("items"), ids, depth));
                }
                return array;
            }
            case "": {
                return NODES.objectNode();
            }
            default:
                return field(op, "value", schema, ids, depth);
        }
    }

    private static JsonNode field(Operation op, String name, JsonNode schema, Function<String, String> ids, int depth) {
        schema = op.resolve(schema);
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        return switch (type) {
            case "object", "array" -> minimal(op, schema, ids, depth + 1);
            case "integer" -> NODES.numberNode(Long.parseLong(value(name, schema, ids)));
            case "number" -> NODES.numberNode(Double.parseDouble(value(name, schema, ids)));
            case "boolean" -> NODES.booleanNode(true);
            default -> NODES.textNode(value(name, schema, ids));
        };
    }

    /** The body an ordinary call sends: a minimal JSON value, a line of text, or nothing. */
    public static Body body(Operation op, Function<String, String> ids) {
        if (op.bodyType() == null) {
            return op.method().equals("GET") || op.method().equals("DELETE") ? null : new Body("application/json", "{}".getBytes());
        }
        if (op.hasJsonBody()) {
            return Body.json(minimal(op, op.bodySchema(), ids, 0));
        }
        if (op.bodyType().startsWith("multipart/")) {
            String boundary = "matrix-boundary";
            String text = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.txt\"\r\n"
                    + "Content-Type: text/plain\r\n\r\nx\r\n--" + boundary + "--\r\n";
            return new Body("multipart/form-data; boundary=" + boundary, text.getBytes(StandardCharsets.UTF_8));
        }
        return new Body(op.bodyType().equals("*/*") ? "text/plain; charset=UTF-8" : op.bodyType(), "x".getBytes(StandardCharsets.UTF_8));
    }

    /** A request body: content type and bytes. */
    public record Body(String contentType, byte[] bytes) {
        static Body json(JsonNode node) {
            try {
                return new Body("application/json", JSON.writeValueAsBytes(node));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static Answer send(String method, URI uri, String token, Body body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", body.contentType());
        }
        if (body != null && body.bytes().length > ANNOUNCE_ABOVE) {
            return sendAnnounced(method, uri, token, body);
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Answer(-1, null, "no answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Bodies larger than this are announced before they are sent ({@link #sendAnnounced}). */
    static final int ANNOUNCE_ABOVE = 1024 * 1024;

    /**
     * A large body the way {@code Expect: 100-continue} means it, by hand on a socket: the headers first; a service
     * that refuses the declared length answers at once (and closes), and only one that waits for the body is sent it.
     * Otherwise the client may meet a reset half-way through sending and never read the refusal. (The JDK 17 client's
     * own expectContinue hangs on a final answer instead of 100, JDK-8286171.)
     */
    static Answer sendAnnounced(String method, URI uri, String token, Body body) {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
                    .append(uri.getHost()).append(':').append(uri.getPort()).append("\r\nConnection: close\r\nContent-Type: ")
                    .append(body.contentType()).append("\r\nContent-Length: ").append(body.bytes().length).append("\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(500);
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException waitingForTheBody) {
                socket.setSoTimeout(30_000);
                out.write(body.bytes());
                out.flush();
                first = in.read();
            }
            socket.setSoTimeout(30_000);
            if (first < 0) {
                return new Answer(-1, null, "no answer: the connection was closed");
            }
            String text = (char) first + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = (end < 0 ? text : text.substring(0, end)).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String type = null;
            for (String line : lines) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
                    type = line.substring("content-type:".length()).trim();
                }
            }
            return new Answer(status, type, end < 0 ? "" : text.substring(end + 4));
        } catch (IOException | RuntimeException e) {
            return new Answer(-1, null, "no answer: " + e);
        }
    }

    /** The names of an object schema's properties with their (resolved) schemas. */
    static Iterator<Map.Entry<String, JsonNode>> properties(Operation op, JsonNode schema) {
        return op.resolve(schema).path("properties").fields();
    }

    static String randomId(String ignored) {
        return UUID.randomUUID().toString();
    }
}
