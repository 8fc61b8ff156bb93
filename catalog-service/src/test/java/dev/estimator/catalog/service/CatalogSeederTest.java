package dev.estimator.catalog.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.estimator.catalog.repository.AcceleratorRepository;
import dev.estimator.catalog.repository.HistoryPhaseRepository;
import dev.estimator.catalog.repository.ModelRepository;
import dev.estimator.catalog.repository.OrganizationRepository;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import jakarta.inject.Inject;

/**
 * A restart runs the same seeding pass against a database that already holds the catalog: it must
 * insert nothing and keep every edit.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "catalog"))
class CatalogSeederTest {

    @Inject
    CatalogSeeder seeder;

    @Inject
    ModelRepository models;

    @Inject
    AcceleratorRepository accelerators;

    @Inject
    OrganizationRepository organizations;

    @Inject
    HistoryPhaseRepository phases;

    @Test
    @RunOnVertxContext
    void seedingAgainInsertsNothingAndKeepsEdits(UniAsserter asserter) {
        long[] before = new long[4];
        asserter.execute(() -> Panache.withSession(() -> models.count().invoke(n -> before[0] = n)
                .chain(() -> accelerators.count().invoke(n -> before[1] = n))
                .chain(() -> organizations.count().invoke(n -> before[2] = n))
                .chain(() -> phases.count().invoke(n -> before[3] = n))));
        // An operator's correction through the API, simulated on the row.
        asserter.execute(() -> Panache.withTransaction(() -> models.findById("llama-65b")
                .invoke(m -> m.notes = "edited by an operator")));

        asserter.assertThat(() -> seeder.seed(), report -> assertEquals(0, report.total(), report.toString()));
        asserter.assertThat(() -> seeder.seed(), report -> assertEquals(0, report.total(), "a second restart too"));

        asserter.assertThat(() -> Panache.withSession(() -> models.count()), n -> assertEquals(before[0], n));
        asserter.assertThat(() -> Panache.withSession(() -> accelerators.count()), n -> assertEquals(before[1], n));
        asserter.assertThat(() -> Panache.withSession(() -> organizations.count()), n -> assertEquals(before[2], n));
        asserter.assertThat(() -> Panache.withSession(() -> phases.count()), n -> assertEquals(before[3], n));
        asserter.assertThat(() -> Panache.withSession(() -> models.findById("llama-65b")),
                m -> assertEquals("edited by an operator", m.notes));
    }

    @Test
    @RunOnVertxContext
    void aDeletedSeedRowIsRestoredButNothingElseChanges(UniAsserter asserter) {
        asserter.execute(() -> Panache.withTransaction(() -> organizations.deleteById("tencent")));
        asserter.assertThat(() -> seeder.seed(), report -> {
            assertEquals(1, report.organizations());
            assertEquals(1, report.total());
        });
        asserter.assertThat(() -> Panache.withSession(() -> organizations.findById("tencent")),
                o -> assertEquals("Tencent Cloud", o.ownCloud));
    }
}
