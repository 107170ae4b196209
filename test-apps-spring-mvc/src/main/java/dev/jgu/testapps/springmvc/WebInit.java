package dev.jgu.testapps.springmvc;

import jakarta.servlet.Filter;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletRegistration;
import org.springframework.web.filter.CharacterEncodingFilter;
import org.springframework.web.servlet.support.AbstractAnnotationConfigDispatcherServletInitializer;

/**
 * Starts the app: {@code SpringServletContainerInitializer} is handed this class (a
 * {@code WebApplicationInitializer} by way of two abstract Spring classes) and calls
 * {@code onStartup}, which adds a {@code ContextLoaderListener} for {@link RootConfig}, the
 * {@code DispatcherServlet} at "/" for {@link WebConfig}, and a filter.
 */
public class WebInit extends AbstractAnnotationConfigDispatcherServletInitializer {

    static final long MAX_FILE_BYTES = 1024 * 1024;
    static final long MAX_REQUEST_BYTES = 2 * MAX_FILE_BYTES;

    @Override
    protected Class<?>[] getRootConfigClasses() {
        return new Class<?>[] {RootConfig.class};
    }

    @Override
    protected Class<?>[] getServletConfigClasses() {
        return new Class<?>[] {WebConfig.class};
    }

    @Override
    protected String[] getServletMappings() {
        return new String[] {"/"};
    }

    /** Without it a form body with no charset in its Content-Type is read as ISO-8859-1 (Servlet 6.1 §3.12). */
    @Override
    protected Filter[] getServletFilters() {
        return new Filter[] {new CharacterEncodingFilter("UTF-8", true)};
    }

    @Override
    protected void customizeRegistration(ServletRegistration.Dynamic registration) {
        // location "": the container's temporary directory; threshold 0: every part goes to disk
        registration.setMultipartConfig(new MultipartConfigElement("", MAX_FILE_BYTES, MAX_REQUEST_BYTES, 0));
    }
}
