package io.litevfs.autoconfigure.slices;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The application Boot's test slices of this package find, as they find an application's own. */
@SpringBootConfiguration
@EnableAutoConfiguration
class SliceTestApplication {
}
