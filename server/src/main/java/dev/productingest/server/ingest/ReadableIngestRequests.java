package dev.productingest.server.ingest;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.ProductIngestGrpc;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Ingest messages that are no IngestRequest reach the stream as a marked, empty request, so that it
 * answers INVALID_ARGUMENT saying why. gRPC itself would close the call as UNKNOWN ("Application
 * error processing RPC"), which tells a producer nothing it can act on.
 */
final class ReadableIngestRequests {
    // The highest field number protobuf allows: never a field of IngestRequest.
    private static final int FAILURE_FIELD = 536_870_911;
    private static final MethodDescriptor.Marshaller<IngestRequest> PROTO = ProtoUtils.marshaller(IngestRequest.getDefaultInstance());
    // The message this thread parsed last, with its wire size. gRPC parses a message and hands it to
    // the stream on the same thread, one after the other, so the stream learns the size it counts
    // against the memory budget without getSerializedSize(), a pass over every field of every row
    // that allocates an entry per attribute. Kept with its message, so a size never goes to another.
    private static final ThreadLocal<Parsed> LAST_PARSED = new ThreadLocal<>();

    private record Parsed(IngestRequest request, long wireSize) {
    }

    static final MethodDescriptor.Marshaller<IngestRequest> MARSHALLER = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(IngestRequest value) {
            return PROTO.stream(value);
        }

        @Override
        public IngestRequest parse(InputStream stream) {
            LAST_PARSED.remove();
            try {
                long size = stream instanceof KnownLength ? stream.available() : -1;
                IngestRequest request = PROTO.parse(stream);
                LAST_PARSED.set(size < 0 ? null : new Parsed(request, size));
                return request;
            } catch (IOException | StatusRuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                return marked("a message is not a readable IngestRequest (" + cause.getMessage() + ")");
            }
        }
    };

    private ReadableIngestRequests() {
    }

    /** The service with its Ingest method reading messages this way; every other method as it was. */
    @SuppressWarnings("unchecked")
    static ServerServiceDefinition apply(ServerServiceDefinition service) {
        MethodDescriptor<IngestRequest, IngestSummary> ingest = ProductIngestGrpc.getIngestMethod();
        MethodDescriptor<IngestRequest, IngestSummary> readable = ingest.toBuilder(MARSHALLER, ingest.getResponseMarshaller()).build();
        ServiceDescriptor original = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        for (MethodDescriptor<?, ?> method : original.getMethods()) {
            descriptor.addMethod(method.getFullMethodName().equals(ingest.getFullMethodName()) ? readable : method);
        }
        ServerServiceDefinition.Builder rebuilt = ServerServiceDefinition.builder(descriptor.build());
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            if (method.getMethodDescriptor().getFullMethodName().equals(ingest.getFullMethodName())) {
                rebuilt.addMethod(readable, (ServerCallHandler<IngestRequest, IngestSummary>) method.getServerCallHandler());
            } else {
                rebuilt.addMethod(method);
            }
        }
        return rebuilt.build();
    }

    /** The encoded size of a message this thread has just parsed, as it came over the wire. */
    static long wireSize(IngestRequest request) {
        Parsed last = LAST_PARSED.get();
        LAST_PARSED.remove();
        return last != null && last.request() == request ? last.wireSize() : request.getSerializedSize();
    }

    /** Why the message could not be read, when it could not. */
    static Optional<String> parseFailure(IngestRequest request) {
        if (!request.getUnknownFields().hasField(FAILURE_FIELD)) {
            return Optional.empty();
        }
        return request.getUnknownFields().getField(FAILURE_FIELD).getLengthDelimitedList().stream().findFirst()
                .map(ByteString::toStringUtf8);
    }

    private static IngestRequest marked(String why) {
        return IngestRequest.newBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(FAILURE_FIELD, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8(why)).build())
                .build()).build();
    }
}
