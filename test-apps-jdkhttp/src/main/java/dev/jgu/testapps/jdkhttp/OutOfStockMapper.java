package dev.jgu.testapps.jdkhttp;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** Answers an {@link OutOfStockException} with 409 and a JSON body saying what is left. */
@Provider
public final class OutOfStockMapper implements ExceptionMapper<OutOfStockException> {

    @Override
    public Response toResponse(OutOfStockException e) {
        return Response.status(Response.Status.CONFLICT)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", e.getMessage(), "item", e.item(), "available", e.available()))
                .build();
    }
}
