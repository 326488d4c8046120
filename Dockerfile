# CUDA-ready image: NVIDIA CUDA 13 runtime with cuDNN 9 (what ONNX Runtime 1.31's CUDA provider
# loads), the ASP.NET Core 10 runtime, and the published host. models/ and data/ are volumes.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/DiffusionBot -c Release -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dotnet

FROM nvidia/cuda:13.0.0-cudnn-runtime-ubuntu24.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libicu74 libssl3t64 zlib1g \
    && rm -rf /var/lib/apt/lists/*
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
WORKDIR /app
COPY --from=build /out .
# Bound to every interface, yet closed by default: the playground answers callers off loopback only with
# Playground__Password, the dashboard only with Dashboard__Password, and only Host names in AllowedHosts are served.
# Pass them at run time (-e Playground__Password=…, -e AllowedHosts="bot.example.com;localhost"), never here.
ENV ASPNETCORE_URLS=http://0.0.0.0:5080 \
    Diffusion__Device=auto \
    Diffusion__ModelsPath=/app/models
VOLUME ["/app/models", "/app/data"]
EXPOSE 5080
ENTRYPOINT ["dotnet", "DiffusionBot.dll"]
