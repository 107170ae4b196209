package dev.jgu.testapps.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.support.SpringBootServletInitializer;

/**
 * The app. In a servlet container {@code SpringServletContainerInitializer} finds this
 * {@code WebApplicationInitializer} and its {@code onStartup} builds the whole Spring context
 * inside the container's start-up; Boot then skips its embedded server because a
 * {@code ServletContext} is already there. {@link #main} is Boot's own launcher ({@code java -jar}).
 */
@SpringBootApplication
public class BootApp extends SpringBootServletInitializer {

    @Override
    protected SpringApplicationBuilder configure(SpringApplicationBuilder builder) {
        return builder.sources(BootApp.class);
    }

    public static void main(String[] args) {
        SpringApplication.run(BootApp.class, args);
    }
}
