package dev.jgu.adapters.servlet.webapp;

import dev.jgu.spi.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks a {@code .war} once per content into {@code <unpackRoot>/<name>-<sha256 prefix>/}.
 * Every worker JVM calls {@link #unpack} at start-up, often at the same moment; the first one
 * unpacks under an exclusive file lock into a temporary sibling and moves it into place
 * atomically, the others wait on the lock and reuse the finished directory.
 */
public final class WarUnpacker {

    /**
     * A {@link java.nio.channels.FileLock} is held by the whole JVM: a second thread locking the same file gets
     * {@code OverlappingFileLockException} instead of waiting, so threads queue on a monitor first.
     */
    private static final ConcurrentMap<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    private WarUnpacker() {
    }

    /**
     * Unpacks {@code war}, or reuses the directory an earlier call made for the same bytes.
     *
     * @param war the archive
     * @param unpackRoot the directory unpacked web apps live in; created when missing
     * @param log where to say that the war was unpacked or reused
     * @return the unpacked web app's root directory
     * @throws WebappException when the file is unreadable or not a zip, or an entry would land
     *     outside the target directory (zip-slip)
     */
    public static Path unpack(Path war, Path unpackRoot, Log log) throws WebappException {
        String fileName = war.getFileName().toString();
        String base = fileName.endsWith(".war") ? fileName.substring(0, fileName.length() - 4) : fileName;
        String name = base + "-" + sha256Prefix(war);
        try {
            Files.createDirectories(unpackRoot);
        } catch (IOException e) {
            throw new WebappException(unpackRoot + ": cannot create the unpack directory: " + e, e);
        }
        Path target = unpackRoot.resolve(name).toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            log.debug("war-unpack: war=" + war + " reused=" + target);
            return target;
        }
        synchronized (JVM_LOCKS.computeIfAbsent(target, t -> new Object())) {
            Path lockFile = unpackRoot.resolve(name + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                // Released when the channel closes, or by the OS when this JVM dies mid-unpack.
                channel.lock();
                if (Files.isDirectory(target)) {
                    log.debug("war-unpack: war=" + war + " reused=" + target);
                    return target;
                }
                Path temp = Files.createTempDirectory(unpackRoot, name + ".tmp-");
                try {
                    int entries = extract(war, temp);
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                    log.info("war-unpack: war=" + war + " entries=" + entries + " dir=" + target);
                } finally {
                    deleteTree(temp);
                }
                return target;
            } catch (IOException e) {
                throw new WebappException(war + ": cannot unpack into " + target + ": " + e, e);
            }
        }
    }

    private static String sha256Prefix(Path war) throws WebappException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(war),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest()).substring(0, 16);
        } catch (IOException e) {
            throw new WebappException(war + ": cannot read the war: " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static int extract(Path war, Path dir) throws WebappException, IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(war.toFile());
        } catch (ZipException e) {
            throw new WebappException(war + ": not a war: expected a zip file (" + e.getMessage() + ")", e);
        }
        List<ZipEntry> directories = new ArrayList<>();
        int count = 0;
        try (zip) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                Path out = safeTarget(war, dir, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    directories.add(entry);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out);
                }
                Files.setLastModifiedTime(out, FileTime.fromMillis(entry.getTime()));
                count++;
            }
            // Last, since writing a file into a directory touches the directory's mtime.
            for (ZipEntry entry : directories) {
                Files.setLastModifiedTime(safeTarget(war, dir, entry.getName()), FileTime.fromMillis(entry.getTime()));
            }
        }
        return count;
    }

    private static Path safeTarget(Path war, Path dir, String entryName) throws WebappException {
        boolean absolute = entryName.startsWith("/") || entryName.startsWith("\\") || entryName.matches("^[A-Za-z]:.*");
        boolean climbs = Stream.of(entryName.split("[/\\\\]")).anyMatch(".."::equals);
        Path out = dir.resolve(entryName).normalize();
        if (absolute || climbs || !out.startsWith(dir)) {
            throw new WebappException(war + ": entry " + entryName
                    + ": refused, expected a relative name inside the war (no '..', not absolute)");
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
