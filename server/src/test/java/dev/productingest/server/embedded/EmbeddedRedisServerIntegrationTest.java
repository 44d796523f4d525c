package dev.productingest.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.productingest.server.redis.RedisFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** The embedded Redis serves only clients that give its password, on loopback. */
class EmbeddedRedisServerIntegrationTest {
    @TempDir
    static Path dir;

    private static EmbeddedRedisServer server;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedRedisServer.start(dir.resolve("redis"));
    }

    @AfterAll
    static void stop() throws IOException {
        server.stop();
    }

    @Test
    void aCommandWithoutThePasswordIsRefused() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThatThrownBy(() -> jedis.get("anything"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("NOAUTH");
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThatThrownBy(() -> jedis.auth("not-" + server.password()))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("WRONGPASS");
        }
    }

    @Test
    void theServersRedisClientConnectsWithThePasswordInTheUrl() {
        RedissonClient client = Redisson.create(new RedisFactory().config(server.url()));
        try {
            client.getBucket("embedded-test", StringCodec.INSTANCE).set("value");
            assertThat(client.<String>getBucket("embedded-test", StringCodec.INSTANCE)
                            .get())
                    .isEqualTo("value");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void itListensOnLoopbackOnly() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.auth(server.password());
            assertThat(jedis.configGet("bind")).isEqualTo(List.of("bind", "127.0.0.1"));
        }
    }

    @Test
    void thePasswordIsARandomSecretKeptInAFileOnlyItsOwnerReads() throws IOException {
        Path file = dir.resolve("redis").resolve("password");
        assertThat(Files.readString(file).strip()).isEqualTo(server.password()).hasSize(64);
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("redis"))))
                .isEqualTo("rwx------");
    }

    @Test
    void noFileOutsideTheDataDirectoryHoldsThePasswordOnceTheServerHasStarted() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        assertThat(filesHolding(server.password(), tmp)).noneMatch(file -> !file.startsWith(dir.resolve("redis")));
        assertThat(filesHolding(server.password(), dir.resolve("redis")))
                .containsExactly(dir.resolve("redis").resolve("password"));
    }

    @Test
    void aRestartOverTheSameDirectoryKeepsThePassword(@TempDir Path temp) throws IOException {
        EmbeddedRedisServer first = EmbeddedRedisServer.start(temp.resolve("redis"));
        String password = first.password();
        first.stop();

        EmbeddedRedisServer again = EmbeddedRedisServer.start(temp.resolve("redis"));
        try (Jedis jedis = new Jedis("127.0.0.1", again.port())) {
            assertThat(again.password()).isEqualTo(password);
            assertThat(jedis.auth(password)).isEqualTo("OK");
        } finally {
            again.stop();
        }
    }

    @Test
    void aDirectoryAndPasswordFileOpenedToOthersAreClosedAgainAtStart(@TempDir Path temp) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path data = temp.resolve("redis");
        EmbeddedRedisServer.start(data).stop();
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("password"), PosixFilePermissions.fromString("rw-r--r--"));

        EmbeddedRedisServer.start(data).stop();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("password"))))
                .isEqualTo("rw-------");
    }

    /**
     * The files, two levels deep at most (where temporary files are made), that hold the text; others' files may come
     * and go meanwhile.
     */
    private static List<Path> filesHolding(String text, Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, Set.of(), 2, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && attributes.size() < 1 << 20 && holds(file, text)) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException gone) {
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    /** Read byte for byte as Latin-1, so that a binary file compares too; the password is ASCII. */
    private static boolean holds(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException unreadable) {
            return false;
        }
    }
}
