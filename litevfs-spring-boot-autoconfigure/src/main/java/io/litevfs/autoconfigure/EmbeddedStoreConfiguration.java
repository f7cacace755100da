package io.litevfs.autoconfigure;

import io.litevfs.server.LiteVfsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With no {@code litevfs.cloud.url} and litevfs-server on the classpath: a page store inside this
 * application, on 127.0.0.1, with its data in {@code litevfs.embedded-store.data-directory}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(LiteVfsServer.class)
@ConditionalOnProperty(name = "litevfs.cloud.url", matchIfMissing = true, havingValue = "__never__")
@ConditionalOnBooleanProperty(name = "litevfs.embedded-store.enabled", matchIfMissing = true)
class EmbeddedStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    LiteVfsServer liteVfsEmbeddedStore(LiteVfsProperties properties) {
        LiteVfsProperties.EmbeddedStore settings = properties.getEmbeddedStore();
        LiteVfsServer server = LiteVfsServer.builder().dataDirectory(settings.getDataDirectory()).port(settings.getPort())
                .openAccess().start();
        log.info("[litevfs] no litevfs.cloud.url set: started an embedded page store at {} with data in {}", server.url(),
                settings.getDataDirectory().toAbsolutePath());
        return server;
    }

    @Bean
    @ConditionalOnMissingBean
    LiteVfsStore liteVfsStore(LiteVfsServer server) {
        return new LiteVfsStore(server.url(), true);
    }
}
