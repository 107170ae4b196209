package dev.jgu.adapters.servlet;

import java.net.URL;
import java.util.Set;

/** A web app's files, as {@code ServletContext.getResource*} and {@code getRealPath} see them. */
interface Resources {

    /**
     * @param path starting with {@code /}
     * @return the resource, or null
     */
    URL resource(String path);

    /**
     * @param dir starting with {@code /}
     * @return the direct children, directories ending with {@code /}; null when none
     */
    Set<String> resourcePaths(String dir);

    /**
     * @param path starting with {@code /}
     * @return the file-system path, or null when the resource is not a file
     */
    String realPath(String path);

    /** No files at all. */
    Resources NONE = new Resources() {
        @Override
        public URL resource(String path) {
            return null;
        }

        @Override
        public Set<String> resourcePaths(String dir) {
            return null;
        }

        @Override
        public String realPath(String path) {
            return null;
        }
    };
}
