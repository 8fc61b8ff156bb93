package dev.estimator.compute.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class PublishedRunTest {

    static final String HEADER = "id,model,params_total,params_active,tokens,accelerator,accelerator_count,accelerator_hours,"
            + "pf_days,energy_mwh,tco2,cost_usd,price_per_accelerator_hour,kind,source,notes\n";

    static List<PublishedRun> parse(String csv) throws Exception {
        return PublishedRun.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void quotedCommasBlankCellsAndShortRows() throws Exception {
        List<PublishedRun> runs = parse(HEADER
                + "a, Model A ,1e9,,2e10,nvidia-a100-80gb,64,1000,,,,,,text,\"Paper, Table 1\",\"says \"\"hi\"\"\"\n"
                + "\n"
                + "b,Model B,2e9,1e9,3e10,,,,5.5\n");
        assertEquals(2, runs.size());
        PublishedRun a = runs.get(0);
        assertEquals("Model A", a.model());
        assertEquals(1e9, a.paramsTotal());
        assertTrue(Double.isNaN(a.paramsActive()), "a blank cell is not published");
        assertEquals(64, a.acceleratorCount());
        assertEquals("Paper, Table 1", a.source());
        assertEquals("says \"hi\"", a.notes());
        assertTrue(a.hasAcceleratorHours());
        PublishedRun b = runs.get(1);
        assertEquals(5.5, b.pfDays());
        assertEquals(0, b.acceleratorCount(), "unknown count");
        assertFalse(b.hasAcceleratorHours());
        assertEquals("", b.notes());
    }

    @Test
    void theBundledFileHasEveryRunWithItsPublishedNumbers() {
        List<PublishedRun> runs = PublishedRun.bundled();
        assertTrue(runs.size() >= 44, "Table D.1 rows and at least 36 runs with hours: " + runs.size());
        PublishedRun v3 = runs.stream().filter(r -> r.id().equals("deepseek-v3")).findFirst().orElseThrow();
        assertEquals(671e9, v3.paramsTotal());
        assertEquals(37e9, v3.paramsActive());
        assertEquals(2.788e6, v3.acceleratorHours());
        assertEquals(5.576e6, v3.costUsd());
        assertEquals("moe", v3.kind());
        assertTrue(v3.notes().contains("FP8"));
        PublishedRun gpt3 = runs.stream().filter(r -> r.id().equals("gpt-3-175b")).findFirst().orElseThrow();
        assertEquals("GPT-3 paper Table D.1; Patterson et al. 2021 Table 4", gpt3.source());
        assertTrue(Double.isNaN(gpt3.tco2()));
    }

    @Test
    void everyRunWithHoursIsSourcedAndSaysHowItsHoursWereCounted() {
        List<PublishedRun> withHours = PublishedRun.bundled().stream().filter(PublishedRun::hasAcceleratorHours).toList();
        assertTrue(withHours.size() >= 36, "at least 25 runs (the issue), 36 bundled: " + withHours.size());
        for (PublishedRun r : withHours) {
            assertFalse(r.source().isBlank(), r.id());
            assertFalse(r.hoursCounted().isBlank(), r.id() + " hours_counted");
            assertTrue(List.of("yes", "no", "unknown").contains(r.hoursIncludeRestarts()), r.id());
            assertTrue(List.of("text", "multimodal").contains(r.modality()), r.id());
            assertTrue(r.sequenceLength() > 0 && r.hiddenSize() > 0, r.id() + " shape");
        }
        // Breadth of the set: V100 to H100/H800 and TPU, 1B to above 500B parameters, text and multi-modal.
        for (String accelerator : List.of("nvidia-v100-32gb", "nvidia-a100-80gb", "nvidia-a100-40gb", "nvidia-h100-sxm", "nvidia-h800",
                "google-tpu-v3", "google-tpu-v4")) {
            assertTrue(withHours.stream().anyMatch(r -> accelerator.equals(r.accelerator())), accelerator);
        }
        assertTrue(withHours.stream().anyMatch(r -> r.paramsTotal() <= 1.1e9));
        assertTrue(withHours.stream().anyMatch(r -> r.paramsTotal() >= 500e9));
        assertTrue(withHours.stream().filter(PublishedRun::multimodal).count() >= 5);
        PublishedRun llama = withHours.stream().filter(r -> r.id().equals("llama-65b")).findFirst().orElseThrow();
        assertTrue(llama.hoursExcludeRestarts(), "LLaMA's hours are its 380 tokens/s/GPU rate");
        assertEquals(2048, llama.sequenceLength());
        PublishedRun palm = withHours.stream().filter(r -> r.id().equals("palm-540b")).findFirst().orElseThrow();
        assertEquals(6144 * 1200.0 + 3072 * 336.0, palm.acceleratorHours());
        assertTrue(palm.hoursCounted().contains("downtime"));
    }

    @Test
    void rowsWithoutTheNewColumnsStillParse() throws Exception {
        PublishedRun old = parse(HEADER + "x,X,1e9,,2e10,nvidia-a100-80gb,64,1000,,,,,,multimodal,src,\n").get(0);
        assertEquals("multimodal", old.modality(), "from kind");
        assertEquals("unknown", old.hoursIncludeRestarts());
        assertEquals(0, old.sequenceLength());
        assertFalse(old.hoursExcludeRestarts());
    }
}
