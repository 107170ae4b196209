package dev.jgu.testapps;

import dev.jgu.spi.App;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An app for the privilege-separation tests: what the worker's user may read.
 * <ul>
 *   <li>{@code /read?path=P} answers 200 with the file's bytes when the worker can read it, else
 *       403 with {@code denied: } and the JDK's reason (a missing file is a 404, {@code missing: });</li>
 *   <li>any other path answers with the worker's pid.</li>
 * </ul>
 */
public final class FileReader implements App {

    private static final String PID = Long.toString(ProcessHandle.current().pid());

    @Override
    public Response handle(Request request) {
        if (!request.path().equals("/read")) {
            return Response.text(200, PID + "\n");
        }
        String path = null;
        for (String pair : request.query().split("&")) {
            if (pair.startsWith("path=")) {
                path = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        if (path == null) {
            return Response.text(400, "expected /read?path=FILE\n");
        }
        try {
            return Response.of(200).header("Content-Type", "application/octet-stream").body(Files.readAllBytes(Path.of(path)));
        } catch (java.nio.file.AccessDeniedException e) {
            return Response.text(403, "denied: " + e + "\n");
        } catch (java.nio.file.NoSuchFileException e) {
            return Response.text(404, "missing: " + e + "\n");
        } catch (IOException e) {
            return Response.text(500, "error: " + e + "\n");
        }
    }
}
