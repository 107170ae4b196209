package dev.jgu.adapters.servlet.statics;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A resource of the web app found by path: a file (which a {@link FileSender} can send) or, for
 * resources that are not on the file system such as a jar's {@code META-INF/resources}, a URL.
 *
 * @param file the file, or null for a URL resource
 * @param url the URL, or null for a file
 * @param directory whether it is a directory
 * @param length its length in bytes, or -1 when unknown
 * @param lastModified its modification time in epoch milliseconds, or 0 when unknown
 */
record StaticResource(Path file, URL url, boolean directory, long length, long lastModified) {

    /**
     * Looks {@code path} up through {@code getRealPath} first, then {@code getResource}.
     *
     * @param path a normalised path
     * @return the resource, or null when there is none
     */
    static StaticResource find(ServletContext context, String path) throws IOException {
        String realPath = context.getRealPath(path);
        if (realPath != null) {
            StaticResource file = ofFile(Path.of(realPath));
            if (file != null) {
                return file;
            }
        }
        URL url = context.getResource(path);
        if (url == null) {
            return null;
        }
        if (url.getProtocol().equals("file")) {
            try {
                return ofFile(Path.of(url.toURI()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                // a file: URL that is no valid URI: read it through the URL as any other
            }
        }
        return ofUrl(context, path, url);
    }

    private static StaticResource ofFile(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            return new StaticResource(file, null, true, -1, 0);
        }
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return new StaticResource(file, null, false, Files.size(file), Files.getLastModifiedTime(file).toMillis());
    }

    /** A jar entry for a directory reads as empty: the context's resource listing tells them apart. */
    private static StaticResource ofUrl(ServletContext context, String path, URL url) throws IOException {
        Set<String> children = context.getResourcePaths(path.endsWith("/") ? path : path + "/");
        if (path.endsWith("/") || (children != null && !children.isEmpty())) {
            return new StaticResource(null, url, true, -1, 0);
        }
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false); // a cached JarFile would stay open after a redeploy
        long length = connection.getContentLengthLong();
        long lastModified = connection.getLastModified();
        connection.getInputStream().close();
        return new StaticResource(null, url, false, length, lastModified);
    }

    /** @return the content from the first byte */
    InputStream open() throws IOException {
        if (file != null) {
            return Files.newInputStream(file);
        }
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false);
        return connection.getInputStream();
    }
}
