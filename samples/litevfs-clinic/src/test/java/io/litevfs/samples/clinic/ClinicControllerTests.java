package io.litevfs.samples.clinic;

import io.litevfs.samples.clinic.ClinicViews.OwnerView;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import javax.sql.DataSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The web layer alone ({@code @WebMvcTest}): no database, no store, no LiteVFS, as for any application.
 */
@WebMvcTest(ClinicController.class)
class ClinicControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @MockitoBean
    Clinic clinic;

    @Test
    void theWebSliceHasNoDatabase() {
        assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
    }

    @Test
    void ownersAreListedAsJson() throws Exception {
        given(clinic.findOwners("Fr", 0)).willReturn(List.of(new OwnerView(1, "George", "Franklin", "110 W. Liberty St.",
                "Madison", "6085551023", List.of())));
        mvc.perform(get("/owners").param("lastName", "Fr")).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].lastName").value("Franklin"));
    }

    @Test
    void badInputIsA400AndAnUnknownOwnerA404SayingWhy() throws Exception {
        given(clinic.registerOwner(any())).willThrow(new IllegalArgumentException("lastName must not be blank"));
        mvc.perform(post("/owners").contentType("application/json").content("{\"firstName\":\"George\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value("lastName must not be blank"));
        given(clinic.owner(anyLong())).willThrow(new NotFoundException("no owner 42"));
        mvc.perform(get("/owners/42")).andExpect(status().isNotFound()).andExpect(jsonPath("$.detail").value("no owner 42"));
    }
}
