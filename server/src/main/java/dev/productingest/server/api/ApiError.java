package dev.productingest.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A refused or failed request, as the REST API answers it: the HTTP status, what to do, and, when the server failed,
 * the id its log names the failure by.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(int code, String message, String errorId) {}
