using LlmGateway.Domain.Filtering;

namespace LlmGateway.UnitTests.Domain.Filtering;

public class OutputFilterTests
{
    private const string PrivateKeyBlock = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun
        VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK
        -----END RSA PRIVATE KEY-----
        """;

    private const string OnePasswordServiceAccountToken =
        "ops_eyJzaWduSW5BZGRyZXNzIjogIm15LjFwYXNzd29yZC5jb20iLCAidXNlckF1dGgiOiB7Im1ldGhvZCI6ICJTUlBnLTQwOTYiLCAiYWxnIjogIlBCRVMyZy1IUzI1NiIsICJpdGVyYXRpb25zIjogNjUwMDAwLCAic2FsdCI6ICJLWTQwdXZTd01GTFpEZTFmOHJFU1FlIn0sICJlbWFpbCI6ICJkdXN0cGtyMGNzdHk0QDFwYXNzd29yZHNlcnZpY2VhY2NvdW50cy5jb20iLCAic3JwWCI6ICJiMGViNTNmMTY5NDdjY2YyNWVjODRkOGRiYzc0MjU0NzcwZjU4OTA0ZGJhNDFlY2NjYzNmYzE2MjZlNTNhMTMwIn0";

    private static readonly OutputFilter AllDetectors = new([], [SecretDetectorCatalog.All]);
    private static readonly OutputFilter SecretDetectors = new([], [SecretDetectorCatalog.Secrets]);

    /// <summary>The reference for the finders' pre-pass: every detector's regex scans all of the text.</summary>
    private static readonly OutputFilter WithoutFinders = new(
        [], [SecretDetectorCatalog.All], [.. SecretDetectorCatalog.Detectors.Select(d => d with { Starts = null })]);

    public static TheoryData<string, string> Secrets => new()
    {
        { "private_key", PrivateKeyBlock },
        { "azure_storage_connection_string", "DefaultEndpointsProtocol=https;AccountName=contosodata01;AccountKey=PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA/2O76UMFxFkM/R5Kjp1vRt+1fjORS/6ilI8ihN5KXSc7Tvo==;EndpointSuffix=core.windows.net" },
        { "azure_storage_account_key", "AccountKey=PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA/2O76UMFxFkM/R5Kjp1vRt+1fjORS/6ilI8ihN5KXSc7Tvo==" },
        { "azure_sas_token", "sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2026-01-01T00:00:00Z&spr=https&sig=FdnXsiVpzz63FfkCzJr4i0B3JrTAwR4y9ojfljoQoaF%3D" },
        { "jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c" },
        { "anthropic_api_key", "sk-ant-api03-abM6JOF8EFd0Nhcy-1kGD2VD-eR1UYzaLiA-zNyD7CHLn-xC_1hsYgBds1ghxY5OokvQyx7eNWVQ4vnakJkS1pAWTN3lgAA" },
        { "openai_api_key", "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" },
        { "aws_access_key_id", "AKIAIOSFODNN7EXAMPLE" },
        { "aws_secret_access_key", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
        { "github_token", "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" },
        { "github_fine_grained_token", "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" },
        { "gitlab_token", "glpat-88HxjSI6bWHtP3fS2qHx" },
        { "slack_token", "xoxb-2178946351-6214371860417-6kwXoIIXGvOoNZYW2mZp0zVZ" },
        { "slack_webhook", "https://hooks.slack.com/services/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" },
        { "discord_webhook", "https://discord.com/api/webhooks/123456789012345678/xHKas1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAWtGSU8po_799NksnRH9ucAUsdMlHUvTCQ" },
        { "stripe_key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc" },
        { "twilio_api_key", "SK767c76fb008f86bebb2737f6a6f0fb23" },
        { "sendgrid_api_key", "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" },
        { "mailchimp_api_key", "c6f5da2cec255404e4fb440034d66086-us14" },
        { "google_api_key", "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe" },
        { "google_oauth_secret", "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" },
        { "huggingface_token", "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" },
        { "npm_token", "npm_sGpWLuqIA1id6Vw5DQL05HA064GiIjHGb3CX" },
        { "nuget_api_key", "oy2kq7wzb3m9x1tfr5ncp8hd2gvs6jy4ael0uo7ib3xw5z" },
        { "pypi_token", "pypi-AgEIcHlwaS5vcmcxatws8phP9nhFyJfm5di4PzJ59FHz5r1pY4OjE2jBMptUsGr7CmY_uCu3ZR1zTOlUcR64cXQLioDnkHIfxIq2HZt-P" },
        { "telegram_bot_token", "5432109876:AAlJhx2jIclHkCiHp6bR1IqfEouHgxzNNAL" },
        { "digitalocean_token", "dop_v1_e58b081006f7e3dfc967a64cb14028d512c9791e558e08baa7196b50ac2f8670" },
        { "shopify_token", "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" },
        { "databricks_token", "dapi107f80e222f828767efc2f91624a8940" },
        { "hashicorp_vault_token", "hvs.9h_ImB_LK777pzNk8cL6j5IXAAjlsHUqJoUD-_Ydua_5ZMs1SWOpQaPRYpzbLGViYXjU2JgJngKtFI3OyV2dZAkg05rK_gq" },
        { "hashicorp_vault_unseal_key", "Unseal Key 1: UtKDfYM5QcgiQbQPGXoqNWHLge98+uWsvP9+8fI6RhFC" },
        { "kubernetes_bootstrap_token", "--token 7kq2zx.m4v9t1r8p3w6n0yb" },
        { "key_value_password", "key: db_password\n  value: Vq7#Lm2zRt" },
        { "age_secret_key", "AGE-SECRET-KEY-12764JNSSE0N7E822YDLWU4UMGV09T4950HSVP6C6DC34RL3HGD930CEUMN" },
        { "onepassword_service_account_token", OnePasswordServiceAccountToken },
        { "onepassword_secret_key", "A3-J8GXBE-NYJQWX4HH53-44TFJ-GVQ4K-7BN7X" },
        { "notion_api_token", "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" },
        { "sourcegraph_access_token", "sgp_bebb2737f6a6f0fb_23c6f5da2cec255404e4fb440034d6608697a8d4" },
        { "sentry_token", "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" },
        { "doppler_token", "dp.pt.TBGzvAmwufUxbvJDCTbyvHNsG9eh6Yo4gfqrc5XlrWi" },
        { "atlassian_api_token", "ATATT32HZt-PlJhx2jIclHkCiHp6bR1IqfEouHgxzNNAL5wIScGebcy8F5n3-YNBDRzrZSgqbjG3uhkWKFLf6xuI5aHUQPFeNBTxaQWk8JzFalHlsZfYcMMDktXP-tKsf2rcDkdfrUnW5gcF_Ha6ili8GjHEAD6-Wj9KfzjsQGMrb9h_ImB_LK777pzNk8cL" },
        { "azure_ad_client_secret", "De08Q~.5IXAAjlsHUq-JoUD~_Ydua_5ZMs1SWOpQ" },
        { "snyk_api_token", "SNYK_TOKEN=0aac3609-8b2c-42bd-8183-19478da6bd0c" },
        { "sonarqube_token", "SONAR_TOKEN=squ_621de49f145fda9988c79fc35526f7eaed46725a" },
        { "sumologic_access_id", "SUMO_ACCESS_ID=suJfupxqZKm4bV" },
        { "sumologic_access_key", "SUMO_ACCESS_KEY: 3AyAVHnyrvWdFrK9xiRGHOY32nfr5pyzPCB9t2039bicBTW5ZE9LFaez7770H2DC" },
        { "softlayer_api_key", "softlayer_api_key: 737443e210471948d33296c87009e8a7f770d9106fd287db7f1adbc60926f696" },
        { "ibm_cloud_api_key", "ibm_cloud_api_key=D7CHLn-xC_1hsYgBds1ghxY5OokvQyx7eNWVQ4vnakJk" },
        { "ibm_cos_hmac_secret", "cos_hmac_secret_access_key=bd36cb9d21f6be6abf0d7c1c1e21862ab8a18a8902073fec" },
        { "nuget_config_password", "<add key=\"ClearTextPassword\" value=\"Yq6B0Fi7FlaZ7Vt0\"" },
        { "kubernetes_secret", "kind: Secret\ndata:\n  password: U1hqTXB1M3VEeFlZTWZHbXpX" },
        { "url_credentials", "postgres://user:pass@" },
        { "authorization_header", "Authorization: Bearer 2039bicBTW5ZE9LFaez7770H2DCpYgojjHRg80US" },
        { "secret_assignment", "password=Xk9#mQ2v$Lp7wRz4" },
        { "gateway_api_key", "gk_136cb94838da83a9_bKNm4e6mhIDy3UeZgAbgLUBW2zCQtK6G1kYO9AoXIKU" },
        { "azure_devops_pat", "gZnymiiOFgJTDa9D5EMhHE0GFxB5I3l4apfbDyChRTPq7iEsCzsVJQQJ99kDCttRWcentR9WAgDeAZDODGCQ" },
        { "azure_identifiable_key", "9blBPrefikBs4D1hmNE4RZeBP8Oja4yNPs8O7cKILw9qnqGudbXrJQQJ99P2nemsHDWGiuZGZqJ4ACOGTUV9" },
        { "azure_key", "AZURE_SEARCH_ADMIN_KEY=tPVRHsPGKB0E7d32ojcD27hGL3gqTDSyRuvxlC31vUgOQQHCANc3" },
        { "entra_refresh_token", "0.AF_uYH72crmw2cI_QFNxjMdpjgl6ielW_NVRJtphfUxoR_TG7nAevIXOcA_jd_DwxvXviyGnv_1Aj3SyOtybfHN27xiZd5GJ5XOm9qYtgYBEmkSs9YVn9fsc9.uQ_4tJqKQN_XLZXcDzUvybqeLjSR9VZ069iiTUtz" },
        { "square_token", "sq0atp-KtUIW_RxPTe27Jk4kP_erB" },
        { "mailgun_api_key", "key-b4ce8a57f05e6a890bd4a453e18b8988" },
        { "twilio_auth_token", "TWILIO_AUTH_TOKEN=QiJexNGxZaYRAtYsClEDovFsdH2pxhxC" },
        { "aws_appsync_api_key", "da2-ep33jgq1z1khhvhnv7jjy85tvp" },
        { "mongodb_atlas_secret", "mdb_sa_sk_3RjDEFPWaIZhN10Pi2AOX5AH8cHR6fGfJn7uJIvT" },
        { "connection_string_password", "Server=db.internal;Database=orders;User Id=app;Password=Qm7#vL2p!xR9" },
        { "jdbc_url_password", "jdbc:sqlserver://db.internal:1433;databaseName=orders;user=app;password=Qm7vL2pxR9" },
        { "docker_hub_token", "dckr_pat_GPzEyoL8EsaJd-wyXxQPplH8ACy" },
        { "heroku_api_key", "HRKU-AAjkz4jmBQlm7knI4pShZFC8ZrXbeg-fT3pG_h8msMlc_T1ah9sdbEl7oX8n" },
        { "azure_signed_key", "rEHAluvtdgDW1+In81LJK6yc+jecsblnAk2vnXK6+Zy2GKlPOyJV9YZGWNkJnsrUgBhcpqIuRhWlACDbCMkU6g==" },
        { "azure_function_key", ".azurewebsites.net/api/Invoice?code=eX3qYeQrYmPejW2cwEIG95hO8khwgt5xrpEFkxNjVOj4X6hEmf_cHA==" },
        { "twilio_credentials", "ACbb43e451f9ab2845ad0f3d761f3d0201:UwFDrzIe3mGxHoL43ScQQYK8TUkl1JYn" },
        { "named_secret", "name: DOCKERHUB_TOKEN\n    value: rw8tdVIIfHmxOCTQE8phIECU" },
    };

    /// <summary>Detectors that redact the value and leave the name it is assigned to: (type, name and separator, value).</summary>
    public static TheoryData<string, string, string> NamedSecrets => new()
    {
        { "key_assignment", "PAYMENTS_WEBHOOK_KEY = ", "LZw8l6B6pmQlzIClYNECeCED" },
    };

    public static TheoryData<string, string> PersonalData => new()
    {
        { "email", "jane.doe@example.co.uk" },
        { "credit_card", "4111 1111 1111 1111" },
        { "iban", "DE89 3704 0044 0532 0130 00" },
        { "us_ssn", "219-09-9999" },
        { "ip_address", "2001:db8:85a3::8a2e:370:7334" },
        { "phone", "+1 415 555 0132" },
    };

    [Theory]
    [InlineData("Transfer it to GB82-WEST-1234-5698-7654-32 by Friday.", "Transfer it to [REDACTED:iban] by Friday.")]
    [InlineData("Konto: DE89-3704-0044-0532-0130-00.", "Konto: [REDACTED:iban].")]
    [InlineData("Licence DE12-ABCD-EFGH-IJKL-MNOP-QR fails mod 97.", "Licence DE12-ABCD-EFGH-IJKL-MNOP-QR fails mod 97.")]
    public void Filter_IbanPrintedWithDashes_RedactedWhenItChecks(string text, string expected)
    {
        Assert.Equal(expected, AllDetectors.Filter(text).Text);
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    [MemberData(nameof(PersonalData))]
    public void Filter_SecretInText_ReplacedByMarkerOfItsType(string type, string secret)
    {
        var result = AllDetectors.Filter($"Here it is: {secret} (keep it safe).");

        Assert.Equal($"Here it is: [REDACTED:{type}] (keep it safe).", result.Text);
        Assert.Equal([new Redaction(type, 1)], result.Redactions);
    }

    [Theory]
    [MemberData(nameof(NamedSecrets))]
    public void Filter_ValueAssignedToSecretName_ValueReplacedNameKept(string type, string name, string value)
    {
        var result = AllDetectors.Filter($"Set it like this:\n{name}{value}\nand restart.");

        Assert.Equal($"Set it like this:\n{name}[REDACTED:{type}]\nand restart.", result.Text);
        Assert.Equal([new Redaction(type, 1)], result.Redactions);
    }

    [Theory]
    [InlineData("commit = \"3f786850e387550fdab836ed7e6dc881de23001b\"")]
    [InlineData("license_key = \"3f786850e387550fdab836ed7e6dc881de23001b\"")]
    [InlineData("cache_key: 550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("signing_key: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("webhook_key = \"your-webhook-key-here-1234\"")]
    [InlineData("SECRET_KEY = \"a1b2c3d4e5f6g7h8i9j0k1l2\"")]
    [InlineData("deploy_key: com.example.service.production")]
    [InlineData("public_key = \"LZw8l6B6pmQlzIClYNECeCED\"")]
    [InlineData("<entry key=\"RetryPolicyMaxAttempts2\" value=\"5\" />")]
    [InlineData("signing_key = SecurityAlgorithms.EcdsaSha512;")]
    [InlineData("webhook_secret: \"dummy-webhook-secret-4f2a9c\"")]
    public void Filter_HashUuidCommitOrPlaceholderAssignedToKeyName_Unchanged(string text)
    {
        Assert.Equal(text, SecretDetectors.Filter(text).Text);
    }

    [Theory]
    [InlineData("db_password = \"w1nter-is-c0ming\"", "db_[REDACTED:secret_assignment]\"")]
    [InlineData("smtp:\n  host: mail.internal\n  password: bluebird42", "smtp:\n  host: mail.internal\n  [REDACTED:secret_assignment]")]
    [InlineData("$pwd = \"letmein99\";", "$[REDACTED:secret_assignment]\";")]
    [InlineData("<ftpPassword>qwerty123!</ftpPassword>", "<ftp[REDACTED:secret_assignment]</ftpPassword>")]
    [InlineData("<apiKey>Zt8qW2mLx5Vr9Kc3</apiKey>", "<[REDACTED:secret_assignment]</apiKey>")]
    [InlineData("RemotePassword=hunter2hunter", "Remote[REDACTED:secret_assignment]")]
    public void Filter_HardCodedPasswordOfLowEntropy_Redacted(string text, string expected)
    {
        Assert.Equal(expected, SecretDetectors.Filter(text).Text);
    }

    [Theory]
    [InlineData("echo \"The password is 'Secret123'\"", "echo \"The [REDACTED:secret_assignment]\"")]
    [InlineData("The default Password is 'blooberry'.", "The default [REDACTED:secret_assignment].")]
    [InlineData("the password for user bob was \"centipede7\"", "the [REDACTED:secret_assignment]")]
    [InlineData("if creds.Secret != \"open-sesame\" {", "if creds.[REDACTED:secret_assignment] {")]
    [InlineData("static_password01 = \"hardcoded0\";", "static_[REDACTED:secret_assignment];")]
    public void Filter_PasswordInSentenceComparisonOrNumberedName_Redacted(string text, string expected)
    {
        Assert.Equal(expected, SecretDetectors.Filter(text).Text);
    }

    [Theory]
    [InlineData("this.addPassword = \"#add-password\";")]
    [InlineData("IAMUserChangePassword = \"arn:aws:iam::aws:policy/IAMUserChangePassword\"")]
    [InlineData("\"strong-password\":\"/en/enterprise-server@3.0/auth\"")]
    [InlineData("data = {\"login\": login, \"password\": new_password, \"previousPassword\": password}")]
    [InlineData("format_password = \"prefix_{}\".format(dynamic_value1)")]
    [InlineData("variable_password8 = \"obj.aFunctionCall()\";")]
    [InlineData("text << \"Password=#{password}, \"")]
    [InlineData("\"password\": \"&lt;YOURPASSWORD&gt;\"")]
    [InlineData("echo 'export DATABASE_PASSWORD=\"'$PRECOMPILE_PASSWORD'\"' >> .env")]
    [InlineData("wget --user=admin --password= https://localhost")]
    [InlineData("if token != \"inactive\" {")]
    public void Filter_PasswordNameWithSelectorPathCodeOrTemplate_Unchanged(string text)
    {
        Assert.Equal(text, SecretDetectors.Filter(text).Text);
    }

    [Theory]
    [InlineData("postgres://admin:admin@db.internal:5432/app")]
    [InlineData("a..bc@outlook.com and .abc@hotmail.com")]
    public void Filter_DefaultCredentialOrMalformedAddress_Unchanged(string text)
    {
        Assert.Equal(text, AllDetectors.Filter(text).Text);
    }

    [Theory]
    [InlineData("::2:3:4:5:6:7:8")]
    [InlineData("1:2:3:4:5:6:7::")]
    public void Filter_IPv6WithEightGroupsAndCompression_Redacted(string address)
    {
        Assert.Equal("host [REDACTED:ip_address] is up", AllDetectors.Filter($"host {address} is up").Text);
    }

    [Theory]
    [InlineData("password = request.form['password']")]
    [InlineData("password = settings.smtp_password")]
    [InlineData("password: SMTP_PASSWORD_VAR")]
    [InlineData("password = getpass.getpass(prompt)")]
    [InlineData("password=changeme and passwd: your_password_here")]
    [InlineData("\"password\": \"$MAIL_PASSWORD\"")]
    [InlineData("<password>********</password>")]
    [InlineData("Password: enter yours")]
    [InlineData("password = \"my-fake-pass-123\"")]
    public void Filter_PasswordNameWithReferenceOrPlaceholder_Unchanged(string text)
    {
        Assert.Equal(text, SecretDetectors.Filter(text).Text);
    }

    [Theory]
    [InlineData("azure_devops_pat", "token = '7NgqKp2TzR9vLw4XcB8mYs1HdJ6fQaE3uGk5nPo0rVbWxZyCiT2sJQQJ99CAACAAAAAxYz12AAASAZDOk3Pq'")]
    [InlineData("azure_identifiable_key", "key: Hq8Zr2LmWx5Tb9NcVp3Kd7GsYf1Ja4Ue6Ro0Ci8Xn2Mw5Bt9Qz3vJQQJ99BFACYeBjFXJ3w3AAAAACOGt7Wq")]
    [InlineData("notion_api_token", "NOTION_KEY=secret_Kq7ZmX2pLw9RtV4nBc8YsJ3hDf6GaE1uTk5oPi0rNbW")]
    [InlineData("google_oauth_secret", "curl with ya29.a0AfB_byC7qLm2Zp9Xw4Rt8Vn3Kd6Hs1Jy5Ge0Uo_Tb2Nc7Qf4Wl in it")]
    public void Filter_TokenWithFixedFieldsOrLegacyPrefix_Redacted(string type, string text)
    {
        Assert.Contains($"[REDACTED:{type}]", SecretDetectors.Filter(text).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("telegram_bot_token", "telegram: 1146015109:_dTRgMc2MQNxueVx3nDJcrqmaaFpt8pJ82q")]
    [InlineData("telegram_bot_token", "notify = tgram://208179231:B_uPhJfIiRL63BvdAF32Dn3l37Kkl5Z8sCm/-100123")]
    [InlineData("telegram_bot_token", "BOT=683791515:AApEmqCDOmTPAHUySAOMQ0jXF6JjZbHgGf")]
    [InlineData("anthropic_api_key", "sk-ant-api104-M1UVOhoRJ6Qh0qj7usgZoRNaejZc9tyjYTuwpw6AqX2lLNp53rp-4W8xxMUumK74Low_KSkUvNyWHUklgsb3sy3L4cpv3AA")]
    [InlineData("github_fine_grained_token", "The CI clones with github_pat_ovq1ZtUowuNzky0B31O99h2MyMRDqj5lGboW4aZu today.")]
    [InlineData("doppler_token", "doppler run with dp.st.prd.41i36ed2HsmGFO5WkQnICmLAqI7LfXz5D7G4H1A3gtU set")]
    [InlineData("sonarqube_token", "mvn verify sonar:sonar -Dsonar.login=63adadb34e242c9ea954b93856ce3bc44c4a9b9e")]
    [InlineData("sonarqube_token", "props.put('sonar.login', '63adadb34e242c9ea954b93856ce3bc44c4a9b9e')")]
    [InlineData("jwt", "The cookie holds eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2R0NNIn0.ZWzwDFrlGXl_z1BVXBt7wRkl8OZfIa2AUk7z7gTqBu4wweocv81k2lsNaWQrZzhB4GZqT8hqt0pmpsLww0sAO-.DGpUxjKbgRBWZRZX.1VlxeVZ4DNCNnOBFXL4k41GiLP9qG3L0uKW4yWRzSaTLyvH1.D0SZaozaNv4AH17KzcnNje")]
    public void Filter_TokenInAnotherFormOfItsFormat_Redacted(string type, string text)
    {
        var result = SecretDetectors.Filter(text).Text;

        Assert.Contains($"[REDACTED:{type}]", result, StringComparison.Ordinal);
        Assert.DoesNotContain("63adadb34e", result, StringComparison.Ordinal);
    }

    // Keys of an exact format with a filler body; keys under their format's name, or under another name; keys after the
    // words that name them.
    [Theory]
    [InlineData("Set AKIAQQQQQQQQQQQQQQQQ in the profile.", "aws_access_key_id", "QQQQ")]
    [InlineData("ASIA2345234523452345 is the session's key id.", "aws_access_key_id", "2345")]
    [InlineData("aws_secret_access_key = 0000000000000000000000000000000000000000", "aws_secret_access_key", "0000")]
    [InlineData("oauth: sq0csp-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ", "square_token", "abcdef")]
    [InlineData("\"{\\\"awsSecretKey\\\":\\\"Rm4vT8qK2zW7nB1xY5cH9jL3pD6sF0gA2eU8iO4w\\\"}\"", "aws_secret_access_key", "Rm4vT8")]
    [InlineData("ibm_platform_key= Rk7-Vq2_Lm9Xw4Tz8Hn3Bc6Yd1Js5Pf0Ga7Ke2Nu9Wq4Z", "key_assignment", "Rk7-Vq2")]
    [InlineData("AWS_SESSION_SECRET=Kq8Lm2Xv7Rt4Kp9Wn3Bc6Yd1Hs5Jf0GaZ2", "secret_assignment", "Kq8Lm2")]
    [InlineData("$ vault operator unseal q3Vb8Zr1Lm+Xw4Tz8Hn3Bc6Yd1Js5Pf0Ga7Ke2Nu9Wq4", "hashicorp_vault_unseal_key", "q3Vb8Zr1")]
    [InlineData("Unseal Key 12:  q3Vb8Zr1Lm+Xw4Tz8Hn3Bc6Yd1Js5Pf0Ga7Ke2Nu9Wq4", "hashicorp_vault_unseal_key", "q3Vb8Zr1")]
    [InlineData("--tls-bootstrap-token 7kq2zx.m4v9t1r8p3w6n0yb", "kubernetes_bootstrap_token", "m4v9t1r8")]
    [InlineData("kubeadm join 10.0.0.5:6443 --token=7kq2zx.m4v9t1r8p3w6n0yb --discovery-token-unsafe-skip-ca-verification", "kubernetes_bootstrap_token", "m4v9t1r8")]
    [InlineData("BOOTSTRAP_TOKEN: \"7kq2zx.m4v9t1r8p3w6n0yb\"", "kubernetes_bootstrap_token", "m4v9t1r8")]
    public void Filter_KeyInItsContextOrWithFillerBody_Redacted(string text, string type, string fragment)
    {
        var result = SecretDetectors.Filter(text).Text;

        Assert.Contains($"[REDACTED:{type}]", result, StringComparison.Ordinal);
        Assert.DoesNotContain(fragment, result, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<entry>\n  <key>smtp.password</key>\n  <value>Vq7#Lm2zRt</value>\n</entry>", "<entry>\n  [REDACTED:key_value_password]</value>\n</entry>")]
    [InlineData("{\"key\": \"DB_PASS\", \"value\": \"Vq7#Lm2zRt\"}", "{[REDACTED:key_value_password]\"}")]
    public void Filter_PasswordNamedInASiblingKeyField_Redacted(string text, string expected)
    {
        Assert.Equal(expected, SecretDetectors.Filter(text).Text);
    }

    // Values that say they are examples or names; values of another shape under a name whose format has its own detector;
    // the words of a context-bound format without its key; key/value pairs without a password value.
    [Theory]
    [InlineData("api_key = \"an-example-key-9f2Kq7Zw1Lm8\"")]
    [InlineData("client_secret: \"YourClientSecretGoesHere42\"")]
    [InlineData("token: sample_T0ken_9f8e7d6c5b4aQz")]
    [InlineData("SECRET_KEY='placeholder-Vb7Nq2Xw9Lp4'")]
    [InlineData("secret_key = \"not-a-real-secret-key-0001\"")]
    [InlineData("ibmcloud_api_key = \"ibmcloud-api-key-goes-here\"")]
    [InlineData("export AWS_SECRET_ACCESS_KEY=9c1f2e7a4b5d8c0e3f6a1b2c4d5e7f8a9b0c1d2e3f")]
    [InlineData("ibm_cloud_api_key = \"Zq8Lm2Xv7Rt4Kp9Wn3Bc6Yd1Hs5Jf0Ga\"")]
    [InlineData("sumo_access_key: 7Hq2Lm9Xv4Rt8Kp3Wn6Bc1Yd5Js0Fg")]
    [InlineData("Run vault operator unseal three times, once per key holder.")]
    [InlineData("Unseal Key 1: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("vault operator unseal q3Vb8Zr1Lm+Xw4Tz8Hn3Bc6Yd1Js5Pf0Ga7Ke2Nu9Wq4Xy7 is too long for a share")]
    [InlineData("Open 7kq2zx.m4v9t1r8p3w6n0yb in the editor.")]
    [InlineData("kubeadm token create prints a token such as <id>.<secret>.")]
    [InlineData("<key>password</key>\n<value></value>")]
    [InlineData("{\"key\": \"password\", \"value\": \"\"}")]
    [InlineData("- key: password\n  value: ${DB_PASSWORD}")]
    [InlineData("<key>username</key>\n<value>service-account-7</value>")]
    public void Filter_LookAlikeOfASecret_Unchanged(string text)
    {
        Assert.Equal(text, SecretDetectors.Filter(text).Text);
    }

    [Theory]
    [InlineData("PASS = 'Tr0ub4dor&3x'", "[REDACTED:secret_assignment]'")]
    [InlineData("  password        => 'hunter2hunter2',", "  [REDACTED:secret_assignment]',")]
    [InlineData("if (db_pass != \"Vx7#qLm2Rt\") {", "if (db_[REDACTED:secret_assignment]) {")]
    public void Filter_PasswordUnderShortNameOrAlignedArrow_Redacted(string text, string expected)
    {
        Assert.Equal(expected, SecretDetectors.Filter(text).Text);
    }

    [Theory]
    [InlineData("bypass = 'cache_warmup_enabled'")]
    [InlineData("passthrough = 'enabled_by_default'")]
    [InlineData("pass = 'short'")]
    [InlineData("job 208179231:B_uPhJfIiRL63BvdAF32Dn3l37Kkl5Z8sCm finished")]
    public void Filter_WordEndingInPassOrIdPairWithoutTelegram_Unchanged(string text)
    {
        Assert.Equal(text, SecretDetectors.Filter(text).Text);
    }

    [Fact]
    public void Samples_EveryDetectorInTheCatalog_HasASampleHere()
    {
        var sampled = Secrets.Concat(PersonalData).Concat(NamedSecrets).Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        Assert.Equal(SecretDetectorCatalog.Detectors.Select(d => d.Type).Order(StringComparer.Ordinal), sampled);
    }

    [Fact]
    public void Catalog_TypeNames_UniqueAndAtLeastThirtySecretKinds()
    {
        var types = SecretDetectorCatalog.Detectors.Select(d => d.Type).ToList();

        Assert.Equal(types.Count, types.Distinct(StringComparer.Ordinal).Count());
        Assert.True(SecretDetectorCatalog.Detectors.Count(d => d.Category == DetectorCategory.Secret) >= 30);
        Assert.Equal(
            ["credit_card", "email", "iban", "ip_address", "phone", "us_ssn"],
            SecretDetectorCatalog.Detectors.Where(d => d.Category == DetectorCategory.PersonalData).Select(d => d.Type).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("secrets", "[REDACTED:aws_access_key_id] mail jane@example.com")]
    [InlineData("pii", "AKIAIOSFODNN7EXAMPLE mail [REDACTED:email]")]
    [InlineData("all", "[REDACTED:aws_access_key_id] mail [REDACTED:email]")]
    public void Filter_CategoryShorthand_SelectsThatCategory(string detector, string expected)
    {
        var filter = new OutputFilter([], [detector]);

        Assert.Equal(expected, filter.Filter("AKIAIOSFODNN7EXAMPLE mail jane@example.com").Text);
    }

    [Fact]
    public void Filter_ConnectionStringWithPassword_CredentialsGoneHostKept()
    {
        var result = AllDetectors.Filter("DATABASE_URL=postgres://app:s3cr3t-Pa55@db.internal:5432/orders");

        Assert.Equal("DATABASE_URL=[REDACTED:url_credentials]db.internal:5432/orders", result.Text);
        Assert.DoesNotContain("s3cr3t", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The example id AKIAIOSFODNN7EXAMPL is one character short.")]
    [InlineData("AKIAIOSFODNN7EXAMPLEX runs into the next character.")]
    [InlineData("Our risk-assessment-framework-document-v2 is ready.")]
    [InlineData("Set the prefix to sk-proj- and paste the rest later.")]
    [InlineData("Tokens start with ghp_ followed by 36 characters.")]
    [InlineData("sk_live_ keys are secret, sk_test_abc is not a key.")]
    [InlineData("The header eyJhbGciOiJIUzI1NiJ9 alone is no token.")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----")]
    [InlineData("Browse https://user@example.com:8080/docs or git@github.com:org/repo.git")]
    [InlineData("Slack bot tokens look like xoxb-123.")]
    [InlineData("Call AIzaTooShort from the console.")]
    [InlineData("Write a haiku about autumn: leaves fall, the wind sighs.")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----")]
    [InlineData("AccountKey=<your-account-key> goes into the connection string.")]
    [InlineData("Append ?sv=2022-11-02&sp=r and then the signature.")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 is only a header; eyJhbasdGciOiJIUzI1NiIa.eyJzdWIiOiIxMjM0NTY3ODkwIiwi.abc is no JWT.")]
    [InlineData("sk-ant-api03-abc123xyz-456de-klMnopqrstuvwx-3456yza789bcde-1234fghijklmnopAA")]
    [InlineData("AKIAXXXXXXXXXXXXXXXX and ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx are placeholders.")]
    [InlineData("The value wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY without its variable name is not flagged.")]
    [InlineData("glpat-XXXXXXXXXXX-XXXXXXXX")]
    [InlineData("xoxb-xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx")]
    [InlineData("https://hooks.slack.com/services/short")]
    [InlineData("https://discord.com/api/webhooks/123/abc")]
    [InlineData("pk_live_j5krY8XTgIcDaHDb3YrsAfCl is a publishable key.")]
    [InlineData("SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("SG.ngeVfQFYQlKU0ufo8x5d1A..TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr")]
    [InlineData("c6f5da2cec255404e4fb440034d66086 is an MD5 sum.")]
    [InlineData("- (id)hf_requiredCharacteristicTypesForDisplayMetadata;")]
    [InlineData("npm_config_cache=/tmp/npm")]
    [InlineData("pypi-AgEIcHlwaS5vcmcCJDU3OTM1")]
    [InlineData("Call 5432109876:AA to reach the bot.")]
    [InlineData("dop_v1_ prefix, shpat_ prefix, dapi prefix")]
    [InlineData("hvs.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("AGE-SECRET-KEY-1 followed by 58 characters.")]
    [InlineData("postgres://user:${DB_PASSWORD}@db/main")]
    [InlineData("-H \"Authorization: Bearer $API_KEY\" and Authorization: Token **********")]
    [InlineData("password=changeme, api_key = \"xxxxxxxxxxxx\", secret: ${SECRET}")]
    [InlineData("notes = \"Maven - io.jsonwebtoken:jjwt-jackson-0.11.2\"")]
    [InlineData("sk-proj-vMdgaKjIg8xNbe3nNyjOq9wMxEhh2FDEEtfjgVvVqE1SkHbn has no OpenAI marker in the middle.")]
    [InlineData("AIzaSyabcdefghijklmnopqrstuvwxyz1234567 is the alphabet, and AIzaTesb6Tscfcni8vIpWZqNCXFDFslJtVSvFD is not AIzaSy.")]
    [InlineData("DATABRICKS_TOKEN=dapi123456789012345678a9bc01234defg5")]
    [InlineData("publicToken = \"9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit\" and csrf-token=Mj2qykJO5rELyHgezQ69nzUX0i3OH67V7")]
    [InlineData("_authToken=743b294a-cd03-11ec-9d64-0242ac120002 is a time-based UUID.")]
    [InlineData("https://example.com/api?access_token=ACCESS_TOKEN and not_secret = notapassword")]
    [InlineData("\"token\": \"xoxp-572370529330-573807301142-572331691188-####################\"")]
    [InlineData("\"token2\": \"xoxb-12-34-9f8e7d6c5b4a39281706f5e4d3c2b1a0\" has ids too short for a Slack token")]
    [InlineData("export OP_SERVICE_ACCOUNT_TOKEN=ops_eyJzaWduSW5BZGRyZXNzIjoiaHR0cHM6... and secret: ops_eyJzaWduSW5B..[Redacted]")]
    [InlineData("db-password: ENC[AES256_GCM,data:O+5l4g==,iv:c/dS4BCBMbnKsXYuzBuCuVQt8RV9bOv5HgdpL+iwmns=,type:str]")]
    [InlineData("credentialsId: '29f63271-dc2f-4734-8221-5b31b5169bac', passwordVariable: 'PASSWORD'")]
    [InlineData("sgp_5555555dAAAAA7777777CcccCFaaaaaaaaaaaaaa and ntn_123456789012345678901234567890123456789012345678901234567890")]
    [InlineData("<add key=\"ClearTextPassword\" value=\"%NUGET_PASSWORD%\" />")]
    [InlineData("kind: ExternalSecret\nspec:\n  data:\n    - secretKey: api-key\n      remoteRef: c2VjcmV0LXJlZmVyZW5jZQ==")]
    [InlineData("kind: Secret\ndata:\n  csrf: \"\"\n---\nkind: ConfigMap\ndata:\n  config: Y29uZmlndXJhdGlvbi12YWx1ZQ==")]
    public void Filter_LookAlikeText_Unchanged(string text)
    {
        var result = SecretDetectors.Filter(text);

        Assert.Equal(text, result.Text);
        Assert.Empty(result.Redactions);
    }

    [Fact]
    public void Filter_Keywords_WholeWordAndCaseInsensitive()
    {
        var filter = new OutputFilter(["Falcon", "c++"], []);

        var result = filter.Filter("FALCON, falcon and c++ stay secret; falconry, Falcons and abc++ do not.");

        Assert.Equal("[REDACTED:keyword], [REDACTED:keyword] and [REDACTED:keyword] stay secret; falconry, Falcons and abc++ do not.", result.Text);
        Assert.Equal([new Redaction(OutputFilter.KeywordType, 3)], result.Redactions);
    }

    [Fact]
    public void Filter_KeywordInsideASecret_OneMarkerForTheWholeSecret()
    {
        var filter = new OutputFilter(["password"], [SecretDetectorCatalog.All]);

        var result = filter.Filter("Connect to postgres://admin:password@db/main now.");

        Assert.Equal("Connect to [REDACTED:url_credentials]db/main now.", result.Text);
        Assert.Equal([new Redaction("url_credentials", 1)], result.Redactions);
    }

    [Fact]
    public void Filter_KeywordAndSecretOnTheSameSpan_OneMarkerNamedByTheKeyword()
    {
        var filter = new OutputFilter(["AKIAIOSFODNN7EXAMPLE"], [SecretDetectorCatalog.All]);

        var result = filter.Filter("key AKIAIOSFODNN7EXAMPLE");

        Assert.Equal("key [REDACTED:keyword]", result.Text);
        Assert.Equal([new Redaction(OutputFilter.KeywordType, 1)], result.Redactions);
    }

    [Fact]
    public void Filter_KeywordStartingInsideASecretAndReachingBeyond_OneMarkerCoveringBoth()
    {
        // url_credentials ends at '@'; the keyword starts inside it and ends after it.
        var filter = new OutputFilter(["pass@db"], [SecretDetectorCatalog.All]);

        var result = filter.Filter("Use postgres://user:pass@db/main today.");

        Assert.Equal("Use [REDACTED:url_credentials]/main today.", result.Text);
        Assert.Equal([new Redaction("url_credentials", 1)], result.Redactions);
    }

    [Fact]
    public void Filter_OnlySelectedDetectors_OthersNotApplied()
    {
        var filter = new OutputFilter([], ["jwt"]);
        const string Jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

        var result = filter.Filter($"{Jwt} and AKIAIOSFODNN7EXAMPLE");

        Assert.Equal("[REDACTED:jwt] and AKIAIOSFODNN7EXAMPLE", result.Text);
    }

    [Fact]
    public void Filter_CleanText_SameInstance()
    {
        const string Text = "Nothing to hide here.";

        Assert.Same(Text, AllDetectors.Filter(Text).Text);
    }

    [Theory]
    [InlineData("Mail me at jane@example, or at user@localhost.")]
    [InlineData("Card 4111 1111 1111 1112 fails the Luhn check.")]
    [InlineData("IBAN DE89 3704 0044 0532 0130 01 fails mod 97.")]
    [InlineData("666-12-3456, 000-12-3456, 912-12-3456, 123-00-4567 and 123-45-0000 are never issued.")]
    [InlineData("Version 256.1.1.1 and build 10.0.0 and std::vector and 12:30:45.")]
    [InlineData("Call extension 5550132 or room 12 34.")]
    public void Filter_PersonalDataLookAlike_Unchanged(string text)
    {
        var result = new OutputFilter([], [SecretDetectorCatalog.PersonalData]).Filter(text);

        Assert.Equal(text, result.Text);
    }

    [Theory]
    [InlineData("from 192.168.0.1 to 10.20.30.40", 2)]
    [InlineData("(415) 555-0132 and 415-555-0132", 2)]
    [InlineData("AL47 2121 1009 0000 0002 3569 8741 and GB82WEST12345698765432", 2)]
    [InlineData("5555-5555-5555-4444 or 378282246310005", 2)]
    public void Filter_PersonalData_EachOccurrenceCounted(string text, int count)
    {
        var result = new OutputFilter([], [SecretDetectorCatalog.PersonalData]).Filter(text);

        Assert.Equal(count, result.Redactions.Sum(r => r.Count));
    }

    [Fact]
    public void Filter_SecretStringLiteralInCodeForms_Redacted()
    {
        var result = SecretDetectors.Filter(
            "if (secret == \"Q8v#Lp2z!Xw7Rt4m\") return; db_password_prod = \"Q8v#Lp2z!Xw7Rt4m\"; GetEnv(\"api_token\", \"Q8v#Lp2z!Xw7Rt4m\")");

        Assert.DoesNotContain("Q8v#Lp2z", result.Text, StringComparison.Ordinal);
        Assert.Equal([new Redaction("secret_assignment", 3)], result.Redactions);
    }

    [Fact]
    public void Filter_PrivateKeyWithoutEnd_HeaderAndKeyMaterialRedacted()
    {
        var result = AllDetectors.Filter("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n");

        Assert.Equal("[REDACTED:private_key]", result.Text);
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    [MemberData(nameof(PersonalData))]
    public void Filter_EveryDetectorsOwnSampleAnywhereInProse_SameAsWithoutFinders(string type, string sample)
    {
        // Before, inside and after long prose: the finders must never let the scan start past the sample.
        foreach (var text in (string[])[sample, $"{FilterSamples.Prose} {sample}", $"{sample}\n{FilterSamples.Prose}", $"{FilterSamples.Prose}\n{sample}\n{FilterSamples.Prose}"])
        {
            var expected = WithoutFinders.Filter(text);
            var actual = AllDetectors.Filter(text);

            Assert.Equal(expected.Text, actual.Text);
            Assert.Equal(expected.Redactions, actual.Redactions);
            Assert.Contains(actual.Redactions, r => r.Type == type);
        }
    }

    [Fact]
    public void Filter_RandomTexts_SameAsWithoutFinders()
    {
        string[] fragments = [.. FilterSamples.Positives(), .. FilterSamples.NearMisses, FilterSamples.Prose, "e.g. 1.2.3 and a-b", "0123456789abcdef-us", "::", "@", "://", " "];
        var random = new Random(20261127);
        for (var round = 0; round < 400; round++)
        {
            var builder = new System.Text.StringBuilder();
            var pieces = random.Next(1, 30);
            for (var i = 0; i < pieces; i++)
            {
                var fragment = fragments[random.Next(fragments.Length)];
                var from = random.Next(4) == 0 ? random.Next(fragment.Length) : 0;
                var to = random.Next(4) == 0 ? random.Next(from, fragment.Length + 1) : fragment.Length;
                builder.Append(fragment, from, to - from).Append(random.Next(4) switch { 0 => " ", 1 => "\n", 2 => "", _ => ": " });
            }

            var text = builder.ToString();
            var expected = WithoutFinders.Filter(text);
            var actual = AllDetectors.Filter(text);

            Assert.True(expected.Text == actual.Text, $"round {round}: filtered differently without finders:\n{text}\n--- without finders:\n{expected.Text}\n--- with:\n{actual.Text}");
            Assert.Equal(expected.Redactions, actual.Redactions);
        }
    }
}
