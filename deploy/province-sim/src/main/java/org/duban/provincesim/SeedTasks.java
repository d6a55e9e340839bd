package org.duban.provincesim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The 51 provincial tasks of the seed document, read from the checked-in resource {@code seed-tasks.json}. */
public final class SeedTasks {

    public static final String RESOURCE = "seed-tasks.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile List<SeedTask> cached;

    private SeedTasks() {
    }

    /** All 51, in document order: 34 of 政务管理服务工作要点 (HN2021-ZWFW-nn), then 17 of 政务公开工作要点 (HN2021-ZWGK-nn). */
    public static List<SeedTask> all() {
        List<SeedTask> tasks = cached;
        if (tasks == null) {
            try (InputStream in = SeedTasks.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                JsonNode root = JSON.readTree(in);
                List<SeedTask> list = new ArrayList<>();
                for (JsonNode t : root.get("tasks")) {
                    list.add(JSON.treeToValue(t, SeedTask.class));
                }
                tasks = cached = List.copyOf(list);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tasks;
    }

    public static Optional<SeedTask> byId(String provTaskId) {
        return all().stream().filter(t -> t.provTaskId().equals(provTaskId)).findFirst();
    }
}
