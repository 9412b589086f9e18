#!/usr/bin/python3
"""A grpcio client's view of relanced serving TLS (README, "TLS").

Run against a relanced started with --tls-cert/--tls-key from deploy/dev-ca.sh
(and, with --client-cert, --tls-client-ca):
  - a channel trusting the dev CA connects: the health check says SERVING and
    ClientService.ListClients answers OK (with the token in RELANCE_TOKEN, if
    any, so that the check still holds once relanced requires one);
  - a channel with grpc.ssl_channel_credentials() and the system's roots is
    refused: the dev CA is not among them;
  - a plaintext channel is refused;
  - with --client-cert: a channel trusting the CA but presenting no client
    certificate is refused.

Uses generic calls with hand-encoded messages (an empty request is the empty
byte string; HealthCheckResponse{status: SERVING} is b"\\x08\\x01"), so that it
needs no generated stubs. Exits 0 when every check holds, 1 otherwise.
"""

import argparse
import os
import sys

import grpc

HEALTH_CHECK = "/grpc.health.v1.Health/Check"
LIST_CLIENTS = "/relance.v1.ClientService/ListClients"
SERVING = b"\x08\x01"
TIMEOUT_SECONDS = 10


def call(channel, method, metadata=()):
    """Sends an empty request; returns (status code, response bytes)."""
    stub = channel.unary_unary(
        method,
        request_serializer=lambda raw: raw,
        response_deserializer=lambda raw: raw,
    )
    try:
        return grpc.StatusCode.OK, stub(b"", timeout=TIMEOUT_SECONDS,
                                        metadata=metadata)
    except grpc.RpcError as error:
        return error.code(), error.details()


def read(path):
    with open(path, "rb") as file:
        return file.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", required=True, help="localhost:PORT")
    parser.add_argument("--ca", required=True, help="ca.pem of dev-ca.sh")
    parser.add_argument("--client-cert", help="client.pem, for mutual TLS")
    parser.add_argument("--client-key", help="client.key, for mutual TLS")
    args = parser.parse_args()

    token = os.environ.get("RELANCE_TOKEN", "")
    metadata = (("authorization", "Bearer " + token),) if token else ()
    failures = []

    def expect(what, actual, expected):
        print(f"{what}: {actual}")
        if actual != expected:
            failures.append(f"{what}: got {actual}, expected {expected}")

    ca = read(args.ca)
    client_cert = read(args.client_cert) if args.client_cert else None
    client_key = read(args.client_key) if args.client_key else None
    with grpc.secure_channel(
            args.target,
            grpc.ssl_channel_credentials(root_certificates=ca,
                                         private_key=client_key,
                                         certificate_chain=client_cert),
    ) as channel:
        code, response = call(channel, HEALTH_CHECK)
        expect("trusting the CA: health check", (code, response),
               (grpc.StatusCode.OK, SERVING))
        code, _ = call(channel, LIST_CLIENTS, metadata)
        expect("trusting the CA: ListClients", code, grpc.StatusCode.OK)

    with grpc.secure_channel(
            args.target,
            grpc.ssl_channel_credentials(private_key=client_key,
                                         certificate_chain=client_cert),
    ) as channel:
        code, _ = call(channel, HEALTH_CHECK)
        expect("system roots only", code, grpc.StatusCode.UNAVAILABLE)

    with grpc.insecure_channel(args.target) as channel:
        code, _ = call(channel, HEALTH_CHECK)
        expect("plaintext", code, grpc.StatusCode.UNAVAILABLE)

    if client_cert:
        with grpc.secure_channel(
                args.target,
                grpc.ssl_channel_credentials(root_certificates=ca)) as channel:
            code, _ = call(channel, HEALTH_CHECK)
            expect("no client certificate", code, grpc.StatusCode.UNAVAILABLE)

    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
