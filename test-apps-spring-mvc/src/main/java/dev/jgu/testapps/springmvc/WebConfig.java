package dev.jgu.testapps.springmvc;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** The dispatcher's context: MVC with its default converters (Jackson, found on the class path). */
@Configuration
@EnableWebMvc
@Import(ApiController.class)
public class WebConfig {

    /** Named so DispatcherServlet finds it; it reads parts through {@code request.getParts()}. */
    @Bean
    public MultipartResolver multipartResolver() {
        return new StandardServletMultipartResolver();
    }
}
