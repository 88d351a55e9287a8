/// The Prompts module. (Its owner fills it in.)
public enum PromptsModule {}
