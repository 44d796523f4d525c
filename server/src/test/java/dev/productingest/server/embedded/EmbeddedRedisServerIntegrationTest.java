package dev.productingest.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.productingest.server.redis.RedisFactory;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
            assertThatThrownBy(() -> jedis.get("anything")).isInstanceOf(JedisDataException.class).hasMessageStartingWith("NOAUTH");
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThatThrownBy(() -> jedis.auth("not-" + server.password())).isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("WRONGPASS");
        }
    }

    @Test
    void theServersRedisClientConnectsWithThePasswordInTheUrl() {
        RedissonClient client = Redisson.create(new RedisFactory().config(server.url()));
        try {
            client.getBucket("embedded-test", StringCodec.INSTANCE).set("value");
            assertThat(client.<String>getBucket("embedded-test", StringCodec.INSTANCE).get()).isEqualTo("value");
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
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("redis")))).isEqualTo("rwx------");
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

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("password")))).isEqualTo("rw-------");
    }
}
