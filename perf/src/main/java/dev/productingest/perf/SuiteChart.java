package dev.productingest.perf;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The report's chart: median rows/s per scenario, the baselines in grey. */
final class SuiteChart {
    private SuiteChart() {}

    static void write(SuiteResult r, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder()
                .width(1100)
                .height(620)
                .title(SuiteResult.fmt(
                        "product-ingest: median rows/s, %,d rows per scenario (the memory load: %,d)",
                        r.rows(), r.bigRows()))
                .xAxisTitle("")
                .yAxisTitle("rows/s")
                .build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setSeriesColors(new Color[] {new Color(150, 150, 150), new Color(31, 119, 180)});
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        List<String> names = new ArrayList<>();
        List<Double> baselines = new ArrayList<>();
        List<Double> service = new ArrayList<>();
        for (Scenario s : r.scenarios()) {
            names.add(s.name);
            boolean baseline = s.kind == Scenario.Kind.BASELINE;
            // One bar per category: the other series is zero there.
            baselines.add(baseline ? s.median() : 0.0);
            service.add(baseline ? 0.0 : s.median());
        }
        chart.addSeries("baselines (no service)", names, baselines);
        chart.addSeries("through the service", names, service);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
