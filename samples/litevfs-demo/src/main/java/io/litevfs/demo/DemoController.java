package io.litevfs.demo;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The originals' surface: {@code POST /insert} and {@code GET /fetch} answer JSON with the latency;
 * {@code GET /} is the page with Insert and Fetch buttons (htmx, served by the app), which calls
 * {@code /ui/insert} and {@code /ui/fetch} for HTML fragments.
 */
@Controller
class DemoController {

    private final Records records;

    DemoController(Records records) {
        this.records = records;
    }

    @GetMapping("/")
    String index() {
        return "index";
    }

    @PostMapping("/insert")
    @ResponseBody
    Map<String, Object> insert() {
        Timed<Records.Record> inserted = timed(records::insertRandom);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("latency", inserted.latency());
        body.put("record", inserted.value());
        return body;
    }

    @GetMapping("/fetch")
    @ResponseBody
    Map<String, Object> fetch() {
        Timed<List<Records.Record>> fetched = timed(records::lastTwenty);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("latency", fetched.latency());
        body.put("records", fetched.value());
        return body;
    }

    @PostMapping("/ui/insert")
    String insertFragment(Model model) {
        Timed<Records.Record> inserted = timed(records::insertRandom);
        model.addAttribute("record", inserted.value());
        model.addAttribute("latency", inserted.latency());
        return "inserted";
    }

    @GetMapping("/ui/fetch")
    String fetchFragment(Model model) {
        Timed<List<Records.Record>> fetched = timed(records::lastTwenty);
        model.addAttribute("records", fetched.value());
        model.addAttribute("latency", fetched.latency());
        return "fetched";
    }

    private record Timed<T>(T value, String latency) {
    }

    private static <T> Timed<T> timed(Supplier<T> action) {
        long started = System.nanoTime();
        T value = action.get();
        return new Timed<>(value, String.format("%.2fms", (System.nanoTime() - started) / 1e6));
    }
}
