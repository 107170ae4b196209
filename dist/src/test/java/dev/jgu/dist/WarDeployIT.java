package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WAR deployment through the whole server, with WARs the test zips itself (static files and a
 * web.xml, no classes): static files with their validators, WEB-INF hidden, welcome files; a
 * HUP after replacing the WAR serves the new one, and a broken new WAR leaves the old workers
 * serving; a WAR with JSPs is refused at start.
 */
class WarDeployIT {

    @TempDir
    Path dir;

    private static void war(Path target, Map<String, String> entries) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, String> site(String version) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("WEB-INF/web.xml", """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <display-name>site</display-name>
                  <welcome-file-list><welcome-file>home.html</welcome-file></welcome-file-list>
                </web-app>
                """);
        files.put("WEB-INF/secret.txt", "not for clients");
        files.put("META-INF/context.txt", "not for clients either");
        files.put("version.txt", version);
        files.put("docs/home.html", "<p>home " + version + "</p>");
        return files;
    }

    @Test
    void aReplacedWarIsServedAfterAHupAndABrokenOneLeavesTheOldWorkersServing() throws Exception {
        Path war = dir.resolve("site.war");
        war(war, site("1"));
        Files.writeString(dir.resolve("jgu.conf"), "workers = 2\nworker_class = \"gthread\"\nbind = [\"127.0.0.1:0\"]\napp = \""
                + war + "\"\nwar_dir = \"" + dir.resolve("wars") + "\"\n");
        try (JguProcess jgu = JguProcess.start(dir, List.of())) {
            String address = jgu.listeners(1).get(0);
            Set<Long> first = jgu.awaitWorkers(2);

            HttpProbe.Reply version = HttpProbe.get(address, "/version.txt");
            assertEquals(200, version.status(), version.head());
            assertEquals("1", version.body());
            assertTrue(version.head().contains("Content-Length: 1\r\n"), version.head());
            assertTrue(version.head().contains("Content-Type: text/plain;charset=UTF-8\r\n"), version.head());
            Matcher etag = Pattern.compile("ETag: (\"[^\"]+\")").matcher(version.head());
            assertTrue(etag.find(), version.head());
            HttpProbe.Reply notModified = HttpProbe.send(address, "GET /version.txt HTTP/1.1\r\nHost: t\r\nIf-None-Match: "
                    + etag.group(1) + "\r\nConnection: close\r\n\r\n");
            assertEquals(304, notModified.status(), notModified.head());
            for (String hidden : List.of("/WEB-INF/secret.txt", "/web-inf/secret.txt", "/META-INF/context.txt", "/docs/../WEB-INF/secret.txt")) {
                assertEquals(404, HttpProbe.get(address, hidden).status(), hidden);
            }
            HttpProbe.Reply directory = HttpProbe.get(address, "/docs");
            assertEquals(302, directory.status(), directory.head());
            assertTrue(directory.head().contains("Location: /docs/\r\n"), directory.head());
            assertEquals("<p>home 1</p>", HttpProbe.get(address, "/docs/").body(), "the welcome file from web.xml");

            war(war, site("2"));
            jgu.signal("HUP");
            jgu.awaitLog("reload complete", 1, jgu.bounds.reload());
            Set<Long> second = jgu.awaitWorkers(2);
            assertTrue(second.stream().noneMatch(first::contains), "new workers: " + first + " -> " + second);
            assertEquals("2", HttpProbe.get(address, "/version.txt").body(), "only new workers are left, serving the new WAR");

            Files.writeString(war, "this is not a zip");
            jgu.signal("HUP");
            jgu.awaitLog("reload aborted, old workers keep serving", 1, jgu.bounds.reload());
            assertEquals("2", HttpProbe.get(address, "/version.txt").body(), "the old generation still serves the old WAR");
            assertEquals(second, jgu.awaitWorkers(2), "the same workers");
            assertTrue(jgu.err().contains("not a war: expected a zip file"), jgu.err());
            assertTrue(jgu.process.isAlive(), "the arbiter stays up");
        }
    }

    @Test
    void aWarWithJspsIsRefusedAtStartNamingAJsp() throws Exception {
        Map<String, String> files = site("1");
        files.put("WEB-INF/views/home.jsp", "<%= 1 + 1 %>");
        Path war = dir.resolve("jsp.war");
        war(war, files);
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "1", "-b", "127.0.0.1:0", "--war-dir", dir.resolve("wars").toString(),
                war.toString()))) {
            assertEquals(4, jgu.awaitExit(jgu.bounds.bootFailure()), jgu.err());
            assertTrue(jgu.err().contains("WEB-INF/views/home.jsp"), jgu.err());
            assertTrue(jgu.err().contains("JSP"), jgu.err());
        }
    }
}
