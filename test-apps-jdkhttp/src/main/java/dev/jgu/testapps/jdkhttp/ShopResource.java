package dev.jgu.testapps.jdkhttp;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/** A small shop: JSON in and out, a form POST, a mapped exception, and a body too large to buffer. */
@Path("shop")
public class ShopResource {

    static final Map<String, Long> PRICES = Map.of("widget", 250L, "gadget", 1999L);
    static final int STOCK = 10;

    @Context
    UriInfo uri;

    @GET
    @Path("prices/{item}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> price(@PathParam("item") String item) {
        Long cents = PRICES.get(item);
        if (cents == null) {
            throw new NotFoundException("no such item: " + item);
        }
        return Map.of("item", item, "cents", cents, "self", uri.getAbsolutePath().toString());
    }

    @POST
    @Path("orders")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response order(Order order) {
        Receipt receipt = receipt(order.item(), order.quantity(), order.notes() == null ? 0 : order.notes().size());
        return Response.status(Response.Status.CREATED).entity(receipt).build();
    }

    @POST
    @Path("orders")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public String orderByForm(@FormParam("item") String item, @FormParam("quantity") int quantity) {
        Receipt receipt = receipt(item, quantity, 0);
        return "ordered " + receipt.quantity() + " x " + receipt.item() + " = " + receipt.totalCents() + " cents\n";
    }

    private static Receipt receipt(String item, int quantity, int notes) {
        Long cents = PRICES.get(item);
        if (cents == null) {
            throw new NotFoundException("no such item: " + item);
        }
        if (quantity > STOCK) {
            throw new OutOfStockException(item, STOCK);
        }
        return new Receipt(item, quantity, cents, cents * quantity, notes, ProcessHandle.current().pid());
    }

    /** More than Jersey buffers (8 KiB) to learn its length: sent chunked. */
    @GET
    @Path("catalog")
    @Produces(MediaType.TEXT_PLAIN)
    public String catalog(@QueryParam("lines") int lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append("line ").append(i).append(" of the catalog\n");
        }
        return text.toString();
    }
}
