package dev.productingest.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The zero-install default carries PostgreSQL and Redis for every platform README names: Linux and macOS on x86-64 and
 * ARM64, and Windows on x86-64. A dependency dropped from the pom fails here, not on a laptop.
 */
class EmbeddedBinariesTest {
    @Test
    void postgresqlIsShippedForLinuxAndMacOsOnX86AndArmAndForWindows() {
        for (String platform :
                new String[] {"linux-x86_64", "linux-arm_64", "darwin-x86_64", "darwin-arm_64", "windows-x86_64"}) {
            assertThat(EmbeddedBinariesTest.class.getResource("/postgres-" + platform + ".txz"))
                    .as("PostgreSQL for " + platform)
                    .isNotNull();
        }
    }

    @Test
    void redisIsShippedForLinuxAndMacOsOnX86AndArmAndForWindows() {
        for (String binary : new String[] {
            "redis-server-6.2.6-v5-linux-amd64",
            "redis-server-6.2.7-linux-arm64",
            "redis-server-6.2.6-v5-darwin-amd64",
            "redis-server-6.2.6-v5-darwin-arm64",
            "redis-server-5.0.14.1-windows-amd64.exe"
        }) {
            assertThat(EmbeddedBinariesTest.class.getResource("/" + binary))
                    .as(binary)
                    .isNotNull();
        }
    }
}
