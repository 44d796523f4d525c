package dev.productingest.server.ingest.stream;

import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.ProductIngestGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.InputStream;
import java.util.function.Function;

/**
 * The Ingest method as this server reads it: gRPC hands each message to the stream unparsed (an {@link IngestMessage}),
 * so that the stream counts what its rows will cost in the heap before it makes them. Parsed on gRPC's callback
 * threads, as a generated service would do, a message's rows took the heap before any budget saw them.
 */
public final class IngestMessages {
    static final MethodDescriptor.Marshaller<IngestMessage> MARSHALLER = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(IngestMessage value) {
            throw new UnsupportedOperationException("the server reads ingest messages; it never sends one");
        }

        @Override
        public IngestMessage parse(InputStream stream) {
            return IngestMessage.of(stream);
        }
    };

    private IngestMessages() {}

    /**
     * The service with its Ingest method reading unparsed messages into the streams {@code open} makes; every other
     * method as it was.
     */
    public static ServerServiceDefinition apply(
            ServerServiceDefinition service,
            Function<StreamObserver<IngestSummary>, StreamObserver<IngestMessage>> open) {
        MethodDescriptor<?, IngestSummary> ingest = ProductIngestGrpc.getIngestMethod();
        MethodDescriptor<IngestMessage, IngestSummary> unparsed =
                ingest.toBuilder(MARSHALLER, ingest.getResponseMarshaller()).build();
        ServiceDescriptor original = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor =
                ServiceDescriptor.newBuilder(original.getName()).setSchemaDescriptor(original.getSchemaDescriptor());
        for (MethodDescriptor<?, ?> method : original.getMethods()) {
            descriptor.addMethod(method.getFullMethodName().equals(ingest.getFullMethodName()) ? unparsed : method);
        }
        ServerServiceDefinition.Builder rebuilt = ServerServiceDefinition.builder(descriptor.build());
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            if (method.getMethodDescriptor().getFullMethodName().equals(ingest.getFullMethodName())) {
                rebuilt.addMethod(unparsed, ServerCalls.asyncClientStreamingCall(open::apply));
            } else {
                rebuilt.addMethod(method);
            }
        }
        return rebuilt.build();
    }
}
