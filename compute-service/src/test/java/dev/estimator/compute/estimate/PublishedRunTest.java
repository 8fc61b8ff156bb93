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
        assertEquals(13, runs.size());
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
}
