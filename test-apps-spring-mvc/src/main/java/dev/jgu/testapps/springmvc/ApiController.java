package dev.jgu.testapps.springmvc;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/** The app's endpoints; 404, 405 and 415 come from Spring itself, through {@code sendError}. */
@RestController
public class ApiController {

    static final Map<String, Long> PRICES = Map.of("widget", 250L, "gadget", 1999L);
    static final long MAX_DELAY_MS = 10_000;

    /** What {@code POST /orders} takes. */
    public record OrderRequest(String item, int quantity) {
    }

    /** What {@code POST /orders} answers; {@code worker} is the pid of the JVM that answered. */
    public record OrderReply(String item, int quantity, long totalCents, long worker) {
    }

    private final ScheduledExecutorService scheduler;

    public ApiController(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    @GetMapping("/hello")
    public Map<String, Object> hello(@RequestParam(name = "name", defaultValue = "world") String name) {
        return Map.of("message", "hello " + name, "worker", pid());
    }

    @PostMapping(path = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public OrderReply order(@RequestBody OrderRequest order) {
        Long cents = PRICES.get(order.item());
        if (cents == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such item: " + order.item());
        }
        return new OrderReply(order.item(), order.quantity(), cents * order.quantity(), pid());
    }

    /** Spring rebuilds the body from {@code getParameterMap}: the container must parse the form. */
    @PostMapping(path = "/form", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public Map<String, Object> form(@RequestParam("name") String name, @RequestParam("quantity") int quantity) {
        return Map.of("name", name, "quantity", quantity, "codePoints", name.codePointCount(0, name.length()));
    }

    @GetMapping("/echo")
    public Map<String, Object> echo(@RequestParam("text") String text) {
        return Map.of("text", text, "codePoints", text.codePointCount(0, text.length()));
    }

    @GetMapping(path = "/echo/text", produces = "text/plain;charset=UTF-8")
    public String echoText(@RequestParam("text") String text) {
        return text + "\n";
    }

    @PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public Map<String, Object> upload(@RequestPart("file") MultipartFile file) throws IOException {
        return Map.of(
                "name", file.getName(),
                "filename", String.valueOf(file.getOriginalFilename()),
                "size", file.getSize(),
                "sha256", HexFormat.of().formatHex(sha256().digest(file.getBytes())));
    }

    /** Completed on the scheduler's thread after {@code ms}: the container must support async. */
    @GetMapping("/deferred")
    public DeferredResult<Map<String, Object>> deferred(@RequestParam("ms") long ms) {
        if (ms < 0 || ms > MAX_DELAY_MS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "ms must be 0.." + MAX_DELAY_MS + ", got " + ms);
        }
        DeferredResult<Map<String, Object>> result = new DeferredResult<>(MAX_DELAY_MS + 5_000);
        String requestThread = Thread.currentThread().getName();
        scheduler.schedule(() -> result.setResult(Map.of(
                "delayMs", ms,
                "requestThread", requestThread,
                "resultThread", Thread.currentThread().getName(),
                "worker", pid())), ms, TimeUnit.MILLISECONDS);
        return result;
    }

    private static long pid() {
        return ProcessHandle.current().pid();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256 (Java SE MessageDigest requirements)", e);
        }
    }
}
