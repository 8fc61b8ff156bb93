package dev.estimator.cost.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.estimator.cost.repository.PriceBookEntry;
import dev.estimator.cost.service.Page;

@Schema(name = "PricePage", description = "One page of price-book rows; page is 0-based, total counts every match")
public record PricePage(List<PriceView> items, int page, int size, long total) {

    static PricePage of(Page<PriceBookEntry> rows) {
        return new PricePage(rows.items().stream().map(PriceView::of).toList(), rows.page(), rows.size(), rows.total());
    }
}
