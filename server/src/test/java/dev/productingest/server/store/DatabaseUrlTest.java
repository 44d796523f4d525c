package dev.productingest.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void jdbcUrlsPassThrough() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db:5432/catalog?user=u&password=p");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/catalog?user=u&password=p");
        assertThat(url.user()).isNull();
    }

    @Test
    void postgresUrlsBecomeJdbcWithTheirCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://ingest:s%40cret@db.internal:6432/catalog?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/catalog?sslmode=require");
        assertThat(url.user()).isEqualTo("ingest");
        assertThat(url.password()).isEqualTo("s@cret");
    }

    @Test
    void otherSchemesAreRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:topsecret@db/x"))
                .hasMessageContaining("must start with")
                .hasMessageNotContaining("topsecret");
    }
}
