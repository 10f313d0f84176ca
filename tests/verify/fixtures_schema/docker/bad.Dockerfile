FROM python:latest
RUN apt-get update && apt-get install -y curl
COPY . /app
CMD python /app/main.py
