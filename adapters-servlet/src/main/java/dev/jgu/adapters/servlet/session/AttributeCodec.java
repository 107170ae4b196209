package dev.jgu.adapters.servlet.session;

import dev.jgu.spi.Log;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.Optional;

/**
 * Java serialization of one session attribute. Classes resolve through the web app's class
 * loader: the default {@code ObjectInputStream} would look in the server's loader, which cannot
 * see the app's classes.
 *
 * <p>The bytes come only from this host's workers, through a directory only the server's user can
 * read, so they are trusted like the app's own files; a store reachable by others (a shared
 * Redis) should add an {@code ObjectInputFilter}.
 */
final class AttributeCodec {

    private final ClassLoader appLoader;
    private final Log log;

    AttributeCodec(ClassLoader appLoader, Log log) {
        this.appLoader = appLoader;
        this.log = log;
    }

    /**
     * @return the bytes, or empty (logged) when something in the value's object graph cannot be
     *     serialized; the request goes on, the stored value stays as it was
     */
    Optional<byte[]> serialize(String name, Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException | RuntimeException e) {
            log.error("session attribute not saved: name=" + name + " class=" + value.getClass().getName()
                    + " problem=" + e);
            return Optional.empty();
        }
        return Optional.of(bytes.toByteArray());
    }

    /**
     * @return the value, or empty (logged) when its class is gone or changed incompatibly, as
     *     after a redeploy, or the bytes are damaged
     */
    Optional<Object> deserialize(String name, byte[] bytes) {
        try (ObjectInputStream in = new AppObjectInputStream(new ByteArrayInputStream(bytes), appLoader)) {
            return Optional.of(in.readObject());
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            log.warn("session attribute dropped: name=" + name + " problem=" + e);
            return Optional.empty();
        }
    }

    private static final class AppObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        AppObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                // primitive types ("int") have no class file: the default resolution knows them
                return super.resolveClass(desc);
            }
        }
    }
}
