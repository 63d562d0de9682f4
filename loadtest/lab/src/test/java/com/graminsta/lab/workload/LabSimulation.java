package com.graminsta.lab.workload;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import java.time.Duration;

import com.graminsta.lab.measure.StackProbe;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * The lab's workload: sessions of Mastodon clients arriving at a fixed rate (an open model: they
 * come whether or not the server keeps up), each going through the screens of {@link Journeys}
 * in the proportions of {@link Mix}. The stack is measured from the first arrival to the end of
 * the last session. Run by ./graminsta lab run.
 */
public class LabSimulation extends Simulation {

    private final LabSettings settings = LabSettings.fromSystemProperties();
    private final WorkloadCounts counts = new WorkloadCounts(settings.apiUrl());
    private final StackProbe probe = new StackProbe(settings.stackStatus());

    private final HttpProtocolBuilder protocol = http
            .baseUrl(settings.apiUrl())
            .acceptHeader("application/json")
            .acceptEncodingHeader("gzip, deflate")
            .userAgentHeader("GraminstaLab/1.0 (Gatling; Mastodon client sessions)")
            .disableFollowRedirect();

    {
        Users users = Users.load(settings.usersCsv());
        Journeys journeys = new Journeys(users, settings.hashtags(), counts);
        ScenarioBuilder session = scenario("Mastodon client session")
                .exec(journeys.signedIn())
                .exec(journeys.homeTimeline())
                .exec(journeys.notifications())
                .exec(journeys.profiles())
                .exec(journeys.postPages())
                .exec(journeys.search())
                .exec(journeys.upload())
                .exec(journeys.signedOut());

        Duration ramp = settings.ramp();
        double rate = settings.rate();
        var arrivals = ramp.isZero()
                ? session.injectOpen(constantUsersPerSec(rate).during(settings.duration()))
                : session.injectOpen(
                        rampUsersPerSec(Math.min(1, rate)).to(rate).during(ramp),
                        constantUsersPerSec(rate).during(settings.duration().minus(ramp)));
        setUp(arrivals)
                .protocols(protocol)
                // Sessions still running this long after the last arrival are cut (and count as unfinished).
                .maxDuration(settings.duration().plusMinutes(2));
    }

    @Override
    public void before() {
        probe.start();
    }

    @Override
    public void after() {
        probe.finish(settings.outDir().resolve("probe.json"));
        counts.write(settings.outDir().resolve("workload.json"));
    }
}
