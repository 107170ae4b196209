package dev.jgu.arbiter.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One request on the control socket: a verb and its arguments, checked the same way
 * in {@code jgu ctl} (before it connects) and in the arbiter (whatever sent it). On
 * the wire it is one JSON object on one line: {@code {"verb":"scale","args":["4"]}}.
 *
 * @param verb what is asked
 * @param args its arguments, as typed
 */
public record CtlRequest(Verb verb, List<String> args) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown for an unknown verb, a wrong argument or a malformed request; the message says which and why. */
    public static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        public BadRequest(String message) {
            super(message);
        }
    }

    public CtlRequest {
        args = List.copyOf(args);
    }

    /**
     * @param words the verb and its arguments, as on {@code jgu ctl}'s command line
     * @return the checked request
     * @throws BadRequest when the verb is unknown or an argument is wrong
     */
    public static CtlRequest of(List<String> words) throws BadRequest {
        if (words.isEmpty()) {
            throw new BadRequest("no verb given (expected one of: " + Verb.words() + ")");
        }
        String word = words.get(0);
        Verb verb = Verb.of(word).orElseThrow(() -> new BadRequest("unknown verb '" + word + "' (expected one of: " + Verb.words() + ")"));
        CtlRequest request = new CtlRequest(verb, words.subList(1, words.size()));
        request.check();
        return request;
    }

    private void check() throws BadRequest {
        switch (verb) {
            case SCALE -> {
                if (args.size() != 1) {
                    throw new BadRequest("scale: expected one number of workers (scale N), got " + args.size() + " arguments");
                }
                workers();
            }
            case SHUTDOWN -> {
                if (args.size() > 1 || args.size() == 1 && !args.get(0).equals("graceful") && !args.get(0).equals("quick")) {
                    throw new BadRequest("shutdown: expected graceful or quick (or nothing, graceful), got " + String.join(" ", args));
                }
            }
            default -> {
                if (!args.isEmpty()) {
                    throw new BadRequest(verb.word() + ": takes no arguments, got " + String.join(" ", args));
                }
            }
        }
    }

    /** @return the number of workers {@code scale N} asks for, at least 1 */
    public int workers() throws BadRequest {
        String n = args.get(0);
        int count;
        try {
            count = Integer.parseInt(n.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest("scale: expected a whole number of workers, got '" + n + "'");
        }
        if (count < 1) {
            throw new BadRequest("scale: expected at least 1 worker, got " + count
                    + " (to stop every worker but keep the sockets, send WINCH; to stop, use shutdown)");
        }
        return count;
    }

    /** @return whether {@code shutdown quick} is asked for, rather than the default graceful stop */
    public boolean quick() {
        return verb == Verb.SHUTDOWN && args.equals(List.of("quick"));
    }

    /** @return the request as one line of JSON, without the newline */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode().put("verb", verb.word());
        ArrayNode list = node.putArray("args");
        args.forEach(list::add);
        return node.toString();
    }

    /**
     * Reads a request sent on the socket: {@code {"verb": "scale", "args": ["4"]}}; {@code args}
     * may be left out and may hold numbers ({@code [4]}).
     *
     * @throws BadRequest when it is not such an object, or {@link #of} refuses it
     */
    public static CtlRequest fromJson(String line) throws BadRequest {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadRequest("the request is not JSON: " + e.getOriginalMessage()
                    + " (expected one line like {\"verb\":\"status\"})");
        }
        if (node == null || !node.isObject() || !node.path("verb").isTextual()) {
            throw new BadRequest("expected a JSON object with a \"verb\" string, like {\"verb\":\"scale\",\"args\":[\"4\"]}");
        }
        List<String> words = new ArrayList<>();
        words.add(node.get("verb").asText());
        JsonNode args = node.path("args");
        if (!args.isMissingNode() && !args.isNull()) {
            if (!args.isArray()) {
                throw new BadRequest("\"args\" must be an array of strings or numbers");
            }
            for (JsonNode arg : args) {
                if (!arg.isTextual() && !arg.isNumber()) {
                    throw new BadRequest("\"args\" must be an array of strings or numbers, got " + arg);
                }
                words.add(arg.asText());
            }
        }
        return of(words);
    }
}
