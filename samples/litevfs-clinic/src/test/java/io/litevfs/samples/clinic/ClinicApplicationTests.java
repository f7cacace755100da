package io.litevfs.samples.clinic;

import io.litevfs.samples.clinic.ClinicViews.OwnerView;
import io.litevfs.samples.clinic.ClinicViews.PetView;
import io.litevfs.samples.clinic.ClinicViews.VisitView;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole application on a random port, over HTTP, on an empty temporary store. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClinicApplicationTests {

    @LocalServerPort
    int port;

    private RestClient http() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    @Test
    void anOwnerTheirPetAndItsVisitsOverHttp() {
        RestClient http = http();
        OwnerView owner = http.post().uri("/owners").body(Map.of("firstName", "Betty", "lastName", "Davis",
                "address", "638 Cardinal Ave.", "city", "Sun Prairie", "telephone", "6085551749")).retrieve().body(OwnerView.class);
        PetView pet = http.post().uri("/owners/{id}/pets", owner.id())
                .body(Map.of("name", "Basil", "birthDate", "2012-08-06", "type", "hamster")).retrieve().body(PetView.class);
        VisitView visit = http.post().uri("/owners/{id}/pets/{pet}/visits", owner.id(), pet.id())
                .body(Map.of("date", "2013-01-02", "description", "check-up")).retrieve().body(VisitView.class);

        OwnerView read = http.get().uri("/owners/{id}", owner.id()).retrieve().body(OwnerView.class);
        assertThat(read.pets()).singleElement().satisfies(p -> {
            assertThat(p.birthDate()).isEqualTo(LocalDate.of(2012, 8, 6));
            assertThat(p.type()).isEqualTo("hamster");
            assertThat(p.visits()).containsExactly(visit);
        });
        assertThat(http.get().uri("/visits?from=2013-01-01&to=2013-01-31").retrieve().body(VisitView[].class)).contains(visit);
    }

    @Test
    void badInputIsRefusedSayingWhyAndChangesNothing() {
        RestClient http = http();
        OwnerView owner = http.post().uri("/owners").body(Map.of("firstName", "Jean", "lastName", "Coleman",
                "address", "105 N. Lake St.", "city", "Monona", "telephone", "6085552654")).retrieve().body(OwnerView.class);
        var unknownType = http.post().uri("/owners/{id}/pets", owner.id())
                .body(Map.of("name", "Max", "birthDate", "2012-09-04", "type", "dragon")).retrieve().toEntity(Map.class);
        assertThat(unknownType.getStatusCode().value()).isEqualTo(400);
        assertThat(unknownType.getBody().get("detail").toString()).contains("unknown pet type dragon");
        assertThat(http.get().uri("/owners/{id}", owner.id()).retrieve().body(OwnerView.class).pets()).isEmpty();
        assertThat(http.get().uri("/owners/999999").retrieve().toEntity(Map.class).getStatusCode().value()).isEqualTo(404);
    }
}
