package dev.jgu.arbiter.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The arbiter's answer to one request, one JSON object on one line:
 * {@code {"ok":true,"message":"workers: target 2 -> 4","data":{...}}}, or
 * {@code {"ok":false,"error":"scale: expected at least 1 worker, got 0"}}.
 *
 * @param ok whether the verb was carried out
 * @param message what happened, or why not
 * @param data what the verb reports ({@code status}: the pool), or JSON null
 */
public record CtlReply(boolean ok, String message, JsonNode data) {

    public CtlReply {
        data = data == null ? NullNode.getInstance() : data;
    }

    public static CtlReply ok(String message) {
        return new CtlReply(true, message, null);
    }

    public static CtlReply ok(String message, JsonNode data) {
        return new CtlReply(true, message, data);
    }

    public static CtlReply error(String message) {
        return new CtlReply(false, message, null);
    }

    /** @return one line of JSON, without the newline */
    public String toJson() {
        ObjectNode node = CtlRequest.JSON.createObjectNode().put("ok", ok);
        node.put(ok ? "message" : "error", message);
        if (!data.isNull()) {
            node.set("data", data);
        }
        return node.toString();
    }

    /** Reads an answer; one that is not such an object becomes an error saying so. */
    public static CtlReply fromJson(String line) {
        try {
            JsonNode node = CtlRequest.JSON.readTree(line);
            if (node != null && node.isObject() && node.path("ok").isBoolean()) {
                boolean ok = node.get("ok").asBoolean();
                return new CtlReply(ok, node.path(ok ? "message" : "error").asText(""), node.get("data"));
            }
        } catch (JsonProcessingException e) {
            return error("the arbiter's answer is not JSON: " + e.getOriginalMessage());
        }
        return error("the arbiter's answer is not a reply object: " + line);
    }
}
