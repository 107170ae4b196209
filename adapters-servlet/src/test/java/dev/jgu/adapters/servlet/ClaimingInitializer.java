package dev.jgu.adapters.servlet;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * A test initializer found through META-INF/services, as Spring's and Jersey's are: it claims
 * {@link Module}s and mounts a servlet at /modules that lists the classes it was given.
 */
@HandlesTypes(ClaimingInitializer.Module.class)
public final class ClaimingInitializer implements ServletContainerInitializer {

    /** What the initializer claims. */
    public interface Module {
    }

    /** A module, as an app's own class would be one. */
    public static final class ShopModule implements Module {
        public ShopModule() {
        }
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
        Set<String> names = new TreeSet<>();
        if (classes != null) {
            classes.forEach(c -> names.add(c.getSimpleName()));
        }
        ctx.addServlet("modules", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.getWriter().print(names);
            }
        }).addMapping("/modules");
    }
}
