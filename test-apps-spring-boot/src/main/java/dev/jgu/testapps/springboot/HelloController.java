package dev.jgu.testapps.springboot;

import jakarta.servlet.http.HttpSession;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** JSON endpoints; unknown paths are answered by Boot's {@code /error} (ErrorPageFilter, BasicErrorController). */
@RestController
public class HelloController {

    static final String COUNT = "count";

    @GetMapping("/hello")
    public Map<String, Object> hello() {
        return Map.of("message", "hello from boot", "worker", ProcessHandle.current().pid());
    }

    /**
     * Counts this session's requests. With several worker JVMs and no session affinity the count
     * restarts whenever a request lands on another pid, which is what {@code pid} lets a test see.
     */
    @GetMapping("/session/count")
    public Map<String, Object> sessionCount(HttpSession session) {
        Integer count = (Integer) session.getAttribute(COUNT);
        int next = count == null ? 1 : count + 1;
        session.setAttribute(COUNT, next);
        return Map.of("count", next, "pid", ProcessHandle.current().pid());
    }
}
