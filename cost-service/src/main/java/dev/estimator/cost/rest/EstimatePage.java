package dev.estimator.cost.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.util.RawValue;

import dev.estimator.cost.event.Estimate;
import dev.estimator.cost.service.Page;

/**
 * One page of estimates. The stored events are JSON already: they are written out as they are ({@link RawValue}),
 * byte for byte as published, rather than parsed and written again.
 */
@Schema(name = "EstimatePage", description = "One page of estimates; page is 0-based, total counts every match")
public record EstimatePage(@Schema(type = SchemaType.ARRAY, implementation = Estimate.class) List<RawValue> items,
        int page, int size, long total) {

    static EstimatePage of(Page<String> events) {
        return new EstimatePage(events.items().stream().map(RawValue::new).toList(), events.page(), events.size(),
                events.total());
    }
}
