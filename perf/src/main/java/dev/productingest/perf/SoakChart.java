package dev.productingest.perf;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The soak's samples over time, one small chart per figure, with the restarts marked; in one PNG. */
final class SoakChart {
    static final int WIDTH = 1100;
    private static final int CELL_WIDTH = WIDTH / 2;
    private static final int CELL_HEIGHT = 300;

    private SoakChart() {}

    static void write(SoakResult r, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        SoakFigure[] figures = SoakFigure.values();
        int rows = (figures.length + 1) / 2;
        BufferedImage image = new BufferedImage(WIDTH, rows * CELL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < figures.length; i++) {
            g.drawImage(
                    BitmapEncoder.getBufferedImage(chart(r, figures[i])),
                    (i % 2) * CELL_WIDTH,
                    (i / 2) * CELL_HEIGHT,
                    null);
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static XYChart chart(SoakResult r, SoakFigure figure) {
        Flatness.Verdict verdict = r.verdicts().stream()
                .filter(v -> v.figure() == figure)
                .findFirst()
                .orElseThrow();
        XYChart chart = new XYChartBuilder()
                .width(CELL_WIDTH)
                .height(CELL_HEIGHT)
                .title(String.format(Locale.ROOT, "%s: %s", figure.title(), verdict.flat() ? "flat" : "GREW"))
                .xAxisTitle("minutes")
                .yAxisTitle("")
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        chart.getStyler().setLegendVisible(!r.faults().isEmpty());
        chart.getStyler().setYAxisMin(0.0);
        List<Double> minutes = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        double max = 1;
        for (SoakSample s : r.samples()) {
            double v = s.value(figure);
            if (!Double.isNaN(v)) {
                minutes.add(s.seconds() / 60);
                values.add(v);
                max = Math.max(max, v);
            }
        }
        if (minutes.isEmpty()) {
            minutes.add(0.0);
            values.add(0.0);
        }
        XYSeries samples = chart.addSeries(figure.label, minutes, values);
        samples.setMarker(SeriesMarkers.CIRCLE);
        samples.setLineColor(new Color(31, 119, 180));
        samples.setMarkerColor(new Color(31, 119, 180));
        samples.setShowInLegend(false);
        Color[] faultColors = {new Color(214, 39, 40), new Color(255, 127, 14)};
        int k = 0;
        for (SoakFaults.Event e : r.faults()) {
            XYSeries band = chart.addSeries(
                    e.what(),
                    List.of(e.downAt() / 60, e.downAt() / 60, e.upAt() / 60, e.upAt() / 60),
                    List.of(0.0, max * 1.05, max * 1.05, 0.0));
            band.setMarker(SeriesMarkers.NONE);
            band.setLineColor(faultColors[k++ % faultColors.length]);
        }
        return chart;
    }
}
