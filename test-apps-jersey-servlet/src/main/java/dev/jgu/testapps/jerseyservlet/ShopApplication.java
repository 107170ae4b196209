package dev.jgu.testapps.jerseyservlet;

import jakarta.ws.rs.ApplicationPath;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The shop as a servlet app. Nothing names this class: Jersey's {@code JerseyServletContainerInitializer}
 * is handed it because it is an {@code Application} with {@code @ApplicationPath}, and mounts a
 * {@code ServletContainer} for it at {@code /api/*}.
 */
@ApplicationPath("/api")
public final class ShopApplication extends ResourceConfig {

    public ShopApplication() {
        packages("dev.jgu.testapps.jdkhttp", "dev.jgu.testapps.jerseyservlet");
        register(JacksonFeature.class);
        // No WADL: it needs a JAXB implementation the shop does not ship.
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
    }
}
