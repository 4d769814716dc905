package io.tally.http;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.marshallers.jackson.Jackson;
import akka.http.javadsl.marshalling.Marshaller;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.RequestEntity;
import akka.http.javadsl.model.StatusCode;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * The API's one JSON mapper, from Akka's {@link JacksonObjectMapperProvider} under the binding
 * {@code tally-http} (configured in application.conf: unknown properties fail). Akka HTTP's
 * default mapper is a bare ObjectMapper that cannot serialize records, so it is never used.
 */
public final class ApiJson {

  static final String BINDING = "tally-http";

  private final ObjectMapper mapper;

  private ApiJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public static ApiJson create(ActorSystem<?> system) {
    return new ApiJson(JacksonObjectMapperProvider.get(system).getOrCreate(BINDING, Optional.empty()));
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public <T> Marshaller<T, RequestEntity> marshaller() {
    return Jackson.marshaller(mapper);
  }

  /** A complete JSON response; used where a route builds responses outside the marshalling DSL. */
  public HttpResponse response(StatusCode status, Object body) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, mapper.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + body.getClass().getSimpleName(), e);
    }
  }
}
