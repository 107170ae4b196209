package dev.jgu.dist;

import java.util.List;

/**
 * Spring MVC as a WAR ({@code jgu ... spring-mvc.war}) under {@code async} workers. (The selection
 * of Servlet*IT classes: {@link ServletJerseyGthreadIT}.)
 */
class ServletSpringMvcWarIT extends ServletSpringMvcChecks {

    @Override
    String workerClass() {
        return "async";
    }

    @Override
    List<String> app() {
        return List.of(ServletApps.springMvcWar().toString());
    }
}
