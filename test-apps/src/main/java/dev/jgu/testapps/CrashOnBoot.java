package dev.jgu.testapps;

import dev.jgu.spi.App;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

/** An app whose worker dies while booting (not an app-load error): the arbiter must back off, not spin. */
public final class CrashOnBoot implements App {

    public CrashOnBoot() {
        Runtime.getRuntime().halt(1);
    }

    @Override
    public Response handle(Request request) {
        return Response.of(500);
    }
}
