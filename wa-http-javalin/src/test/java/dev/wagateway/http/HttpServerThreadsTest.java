package dev.wagateway.http;

import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.OperationShape;
import dev.wagateway.http.catalog.RouteSpec;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jetty's own threads are a small platform pool; every request runs on a virtual thread of its own, so requests
 * that block (a send waits for the server's ack) are not bounded by that pool.
 */
class HttpServerThreadsTest {

    @Test
    void moreBlockedRequestsThanPlatformThreadsAllRunAtOnceOnVirtualThreads() throws Exception {
        int concurrent = 48;
        CountDownLatch arrived = new CountDownLatch(concurrent);
        CountDownLatch release = new CountDownLatch(1);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        RouteGroup blocking = routes -> routes.add(new RouteSpec(0, "GET", "/test/block", AuthScheme.NONE, "Test",
                "Waits until released", "nothing"), OperationShape.builder().build(), ctx -> {
                    threads.add(Thread.currentThread().isVirtual() + " " + Thread.currentThread().getName());
                    arrived.countDown();
                    release.await();
                    ctx.result("released");
                });
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, "", List.of("*"), 1 << 20, 1);
        try (HttpServer server = new HttpServer(settings, new AuthGate("admin-secret", null, null), List.of(blocking));
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
            int port = server.start();
            QueuedThreadPool pool = (QueuedThreadPool) server.jetty().getThreadPool();
            assertThat(pool.getMaxThreads()).isLessThan(concurrent);
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/test/block")).build(), HttpResponse.BodyHandlers.ofString()));
            }
            // all of them inside their handler at the same time: none waits for a pool thread to come free
            assertThat(arrived.await(60, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("released");
            }
            assertThat(threads).containsExactly("true http-request");
            assertThat(pool.getThreads()).isLessThanOrEqualTo(pool.getMaxThreads());
        }
    }
}
